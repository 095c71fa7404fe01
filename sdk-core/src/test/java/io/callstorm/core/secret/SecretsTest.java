package io.callstorm.core.secret;

import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class SecretsTest {
    // distinctive per test: the registry is process-wide and only grows
    private static final String TOKEN = "cs-canary-Qx7+Zr/9wK2m";

    @Test
    void masksASecretAndTheFormsAServerEchoesItIn() {
        Secrets.register(TOKEN);
        String basic = Base64.getEncoder().encodeToString(("user:" + TOKEN).getBytes(StandardCharsets.UTF_8));
        String basicUrlSafe = Base64.getUrlEncoder().encodeToString(("ab:" + TOKEN).getBytes(StandardCharsets.UTF_8));
        String text = "401: rejected Authorization: Bearer " + TOKEN + "; query token="
                + URLEncoder.encode(TOKEN, StandardCharsets.UTF_8) + "; basic " + basic + "; url-safe " + basicUrlSafe
                + "; raw b64 " + Base64.getEncoder().encodeToString(TOKEN.getBytes(StandardCharsets.UTF_8))
                + "; html " + TOKEN.replace("/", "/");

        String redacted = Secrets.redact(text);

        assertThat(redacted).contains("Bearer ***", "token=***", "401: rejected")
                .doesNotContain(TOKEN).doesNotContain(URLEncoder.encode(TOKEN, StandardCharsets.UTF_8));
        // the base64 of "user:<token>" keeps a character or two of the prefix and the padding, never the token
        assertThat(Base64.getMimeDecoder().decode(redacted.replaceAll(".*basic ([^;]*);.*", "$1")
                .replace("***", ""))).asString(StandardCharsets.ISO_8859_1).doesNotContain("Qx7+Zr/9wK2m");
        assertThat(redacted).doesNotContain(basic).doesNotContain(basicUrlSafe);
        assertThat(Secrets.containsSecret(text)).isTrue();
        assertThat(Secrets.containsSecret(redacted)).isFalse();
    }

    @Test
    void leavesTextWithoutSecretsAlone() {
        Secrets.register(TOKEN);
        String text = "the agent answered 503: capacity; nothing to hide";
        assertThat(Secrets.redact(text)).isSameAs(text);
        assertThat(Secrets.redact((String) null)).isNull();
        assertThat(Secrets.redact("")).isEmpty();
    }

    @Test
    void shortSecretsAreMaskedOnlyAsWholeWordsOrInTheirBearerForm() {
        Secrets.register("k9Zp");  // 4..7 characters: as a word of its own
        Secrets.register("q7");    // under 4: only after "Bearer "
        assertThat(Secrets.redact("X-Key: k9Zp, echoed")).isEqualTo("X-Key: ***, echoed");
        assertThat(Secrets.redact("order k9Zp7 and xk9Zp stay")).isEqualTo("order k9Zp7 and xk9Zp stay");
        assertThat(Secrets.redact("Authorization: Bearer q7")).isEqualTo("Authorization: Bearer ***");
        assertThat(Secrets.redact("seat q7 of row q7x")).isEqualTo("seat q7 of row q7x");
    }

    @Test
    void blankIsNothingToHide() {
        assertThat(Secrets.register(null)).isNull();
        assertThat(Secrets.register("  ")).isEqualTo("  ");
        assertThat(Secrets.redact("a b c")).isEqualTo("a b c");
        assertThat(Secrets.describe("x")).isEqualTo("***");
        assertThat(Secrets.describe(null)).isEqualTo("<unset>");
    }

    @Test
    void aFailureIsRetoldWithItsSecretsMaskedAndItsStackTraceKept() {
        Secrets.register(TOKEN);
        IllegalStateException cause = new IllegalStateException("header Bearer " + TOKEN + " refused");
        RuntimeException failure = new RuntimeException("call failed", cause);

        Throwable redacted = Secrets.redact(failure);

        assertThat(redacted.toString()).isEqualTo("java.lang.RuntimeException: call failed");
        assertThat(redacted.getCause().toString())
                .isEqualTo("java.lang.IllegalStateException: header Bearer *** refused");
        assertThat(redacted.getStackTrace()).isEqualTo(failure.getStackTrace());
        RuntimeException clean = new RuntimeException("nothing secret");
        assertThat(Secrets.redact(clean)).isSameAs(clean);
    }
}
