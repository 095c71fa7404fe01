package io.callstorm.eval.chat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.callstorm.eval.TestFixtures;
import io.callstorm.eval.http.EvalHttpException;
import io.callstorm.eval.judge.JudgePricing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The plain chat-completions client: the request it sends, the answer and cost it reads, the failures it throws. */
class ChatModelTest {
    private static final String PATH = "/v1/chat/completions";

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    private ChatModel model;

    @AfterEach
    void close() {
        if (model != null) {
            model.close();
        }
    }

    private ChatModel model() {
        model = ChatModel.builder().baseUrl(wm.baseUrl() + "/v1/").model("caller-model").apiKey(TestFixtures.JUDGE_KEY)
                .pricing(new JudgePricing(0.001, 0.002)).resilience(TestFixtures.fastResilience().maxAttempts(1).build())
                .build();
        return model;
    }

    @Test
    void sendsTheMessagesAndReadsTheAnswerWithItsCost() {
        wm.stubFor(post(urlEqualTo(PATH))
                .withHeader("Authorization", equalTo("Bearer " + TestFixtures.JUDGE_KEY))
                .withRequestBody(equalToJson("""
                        {"model": "caller-model", "temperature": 0.5, "max_tokens": 60,
                         "messages": [{"role": "system", "content": "Be a caller."},
                                      {"role": "user", "content": "What do you say?"}]}"""))
                .willReturn(okJson("""
                        {"choices": [{"index": 0, "finish_reason": "stop",
                                      "message": {"role": "assistant", "content": "Hi, I need help."}}],
                         "usage": {"prompt_tokens": 1000, "completion_tokens": 500}}""")));

        ChatReply reply = model().complete(List.of(ChatMessage.system("Be a caller."),
                ChatMessage.user("What do you say?")), 60, 0.5, Duration.ofSeconds(2));

        assertThat(reply.text()).isEqualTo("Hi, I need help.");
        assertThat(reply.truncated()).isFalse();
        assertThat(reply.usage().promptTokens()).isEqualTo(1000);
        assertThat(reply.usage().costUsd()).isCloseTo(0.002, within(1e-12));
    }

    @Test
    void anAnswerCutAtItsLimitSaysSoAndOneWithoutContentIsEmpty() {
        wm.stubFor(post(urlEqualTo(PATH)).willReturn(okJson("""
                {"choices": [{"finish_reason": "length", "message": {"content": "Hi, I"}}]}""")));
        assertThat(model().complete(List.of(ChatMessage.user("x")), 8, 0, Duration.ofSeconds(2)).truncated()).isTrue();

        wm.stubFor(post(urlEqualTo(PATH)).willReturn(okJson("{\"choices\": []}")));
        assertThat(model.complete(List.of(ChatMessage.user("x")), 8, 0, Duration.ofSeconds(2)).text()).isEmpty();
    }

    @Test
    void aFailureThrowsWithoutTheKey() {
        wm.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(401)
                .withBody("bad key " + TestFixtures.JUDGE_KEY)));
        assertThatThrownBy(() -> model().complete(List.of(ChatMessage.user("x")), 8, 0, Duration.ofSeconds(2)))
                .isInstanceOf(EvalHttpException.class).hasMessageContaining("401")
                .hasMessageNotContaining(TestFixtures.JUDGE_KEY);
        assertThat(model.toString()).doesNotContain(TestFixtures.JUDGE_KEY);
    }

    @Test
    void theBuilderNamesWhatIsMissing() {
        assertThatThrownBy(() -> ChatModel.builder().model("m").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("chat model needs baseUrl, apiKey");
    }
}
