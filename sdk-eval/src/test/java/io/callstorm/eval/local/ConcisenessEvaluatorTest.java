package io.callstorm.eval.local;

import io.callstorm.eval.EvalResult;
import org.junit.jupiter.api.Test;

import static io.callstorm.eval.local.TestConversations.conversation;
import static org.assertj.core.api.Assertions.assertThat;

class ConcisenessEvaluatorTest {
    private final ConcisenessEvaluator evaluator = new ConcisenessEvaluator();

    private static String words(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append("w").append(i).append(' ');
        }
        return sb.toString().strip() + ".";
    }

    @Test
    void shortRepliesPass() {
        var c = conversation().caller("Hi.").agent("Hello there.").caller("Plan?").agent("Business, 25 seats.").build();

        EvalResult r = evaluator.evaluate(c);

        assertThat(r.passed()).isTrue();
        assertThat(r.score()).isEqualTo(1.0);
        assertThat(r.reason()).isEqualTo("2 agent turns, mean 2.5 words, no repeats");
    }

    @Test
    void oneReplyOverTheLimitFails() {
        var c = conversation().caller("Hi.").agent(words(ConcisenessEvaluator.MAX_WORDS_PER_TURN + 1))
                .caller("Ok.").agent("Bye.").build();

        EvalResult r = evaluator.evaluate(c);

        assertThat(r.passed()).isFalse();
        assertThat(r.failingTurn()).hasValue(1);
        assertThat(r.reason()).startsWith("reply of 46 words (max 45)");
        assertThat(r.score()).isEqualTo(0.5);
    }

    @Test
    void aCallerWhoAskedForDetailEarnsALongerReply() {
        var c = conversation().caller("Can you walk me through it step by step?").agent(words(90)).build();

        assertThat(evaluator.evaluate(c).passed()).isTrue();
        var tooMuch = conversation().caller("Walk me through it.").agent(words(121)).build();
        assertThat(evaluator.evaluate(tooMuch).passed()).isFalse();
    }

    @Test
    void aSentenceRepeatedInsideADifferentReplyFails() {
        var c = conversation()
                .caller("Refund?").agent("The duplicate charge was refunded on Monday. It takes five days.")
                .caller("Sorry?").agent("Okay. The duplicate charge was refunded on Monday.")
                .build();

        EvalResult r = evaluator.evaluate(c);

        assertThat(r.passed()).isFalse();
        assertThat(r.failingTurn()).hasValue(3);
    }

    @Test
    void aFillerBeforeEachLookupIsNoRepeatButARestatedFactIs() {
        var filler = conversation()
                .caller("Account AC-10001.").agent("Sure, I'm looking that up now. Found it, how can I help?")
                .caller("Get me a person.").agent("Sure, I'm looking that up now. Transferring you to support.")
                .build();
        var restated = conversation()
                .caller("Account AC-10001.").agent("Found it: the Business plan with 25 seats. How can I help?")
                .caller("Close it.").agent("Your account is on the Business plan with 25 seats, I can update it.")
                .build();

        assertThat(evaluator.evaluate(filler).passed()).as(evaluator.evaluate(filler).reason()).isTrue();
        assertThat(evaluator.evaluate(restated).passed()).isFalse();
    }

    @Test
    void shortSentencesMayRecurButAReplySaidThreeTimesIsALoop() {
        var twice = conversation().caller("Hi.").agent("Thank you.").caller("Bye.").agent("Thank you.").build();
        assertThat(evaluator.evaluate(twice).passed()).isTrue();

        var thrice = conversation().caller("A?").agent("One moment.").caller("B?").agent("One moment.")
                .caller("C?").agent("one moment. ").build();
        assertThat(evaluator.evaluate(thrice).passed()).isFalse();
    }

    @Test
    void longIdentifiersReadOutUnaskedFail() {
        var c = conversation().caller("Did the payment go through?")
                .agent("Yes: transaction TXN-7730019-AB21 and authorisation 99812736455 both cleared.").build();

        EvalResult r = evaluator.evaluate(c);

        assertThat(r.passed()).isFalse();
        assertThat(r.reason()).startsWith("reads out 2 long identifiers unasked");
        var asked = conversation().caller("Can you read me the exact transaction and authorisation numbers?")
                .agent("Transaction TXN-7730019-AB21, authorisation 99812736455.").build();
        assertThat(evaluator.evaluate(asked).passed()).isTrue();
    }

    @Test
    void aRecordReadBackFieldByFieldFailsButSpellingAnIdDoesNot() {
        var record = conversation().caller("I want to close the account, AC-60294.")
                .agent("I have account AC-60294, Business plan, 14 seats, admin email billing@harrowgate.com, created"
                        + " March 2021, renewing in January, card ending 4471, and no balance.").build();
        var spelled = conversation().caller("Can you say the ticket number again?")
                .agent("That's T, K, eight, one, five, six, zero.").build();
        var short_ = conversation().caller("Which days?")
                .agent("Monday, Tuesday, Wednesday or Friday, between nine and five.").build();

        EvalResult r = evaluator.evaluate(record);

        assertThat(r.passed()).isFalse();
        assertThat(r.reason()).startsWith("reads out a list of 8 items unasked");
        assertThat(r.failingTurn()).hasValue(1);
        assertThat(evaluator.evaluate(spelled).passed()).isTrue();
        assertThat(evaluator.evaluate(short_).passed()).isTrue();
    }

    @Test
    void oneLongLinkReadOutUnaskedFailsButAnEmailAddressDoesNot() {
        var link = conversation().caller("Can I close it myself?")
                .agent("You can close it yourself at https://app.example.com/settings/account/close?source=phone.")
                .build();
        var email = conversation().caller("Where did it go?")
                .agent("I sent it to accounts@tidewaterbrewing.com.au just now.").build();

        EvalResult r = evaluator.evaluate(link);

        assertThat(r.passed()).isFalse();
        assertThat(r.reason()).startsWith("reads out 2 long identifiers unasked");
        assertThat(evaluator.evaluate(email).passed()).isTrue();
    }

    @Test
    void noAgentTurnsFails() {
        EvalResult r = evaluator.evaluate(conversation().caller("Hello?").build());

        assertThat(r.passed()).isFalse();
        assertThat(r.score()).isZero();
    }

    @Test
    void aMeanIsWrittenAsDoubleToStringWouldWriteIt() {
        for (long tenths = 0; tenths < 1_000_000; tenths++) {
            assertThat(ConcisenessEvaluator.oneDecimal(tenths)).isEqualTo(String.valueOf(tenths / 10.0));
        }
        for (long tenths = 99_999_000; tenths < 100_001_000; tenths++) {
            assertThat(ConcisenessEvaluator.oneDecimal(tenths)).isEqualTo(String.valueOf(tenths / 10.0));
        }
    }
}
