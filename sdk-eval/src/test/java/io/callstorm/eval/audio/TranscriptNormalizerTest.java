package io.callstorm.eval.audio;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class TranscriptNormalizerTest {
    @ParameterizedTest(name = "\"{0}\" -> \"{1}\"")
    @CsvSource(delimiter = '|', value = {
            "Hello, World!                         | hello world",
            "I'm locked out.                       | im locked out",
            "I’m locked out.                       | im locked out",
            "twenty-three                          | 23",
            "twenty three                          | 23",
            "one hundred and five                  | 105",
            "two thousand twenty four              | 2024",
            "three hundred thousand                | 300000",
            "one zero four two three               | 10423",
            "AC-10423                              | ac 10423",
            "It costs 10,000 dollars               | it costs 10000 dollars",
            "ten thousand dollars                  | 10000 dollars",
            "version 3.5 please.                   | version 3.5 please",
            "I have two tickets                    | i have 2 tickets",
            "zero                                  | 0",
            "twenty one twenty two                 | 21 22",
            "the first one                         | the first 1",
            "nineteen ninety                       | 19 90",
            "  lots   of    space  \t              | lots of space",
    })
    void normalizes(String text, String expected) {
        assertThat(TranscriptNormalizer.normalize(text)).isEqualTo(expected.strip());
    }

    @Test
    void keepsADecimalPointBetweenDigits() {
        assertThat(TranscriptNormalizer.words("It is 3.5 percent")).containsExactly("it", "is", "3.5", "percent");
    }

    @Test
    void emptyTextHasNoWords() {
        assertThat(TranscriptNormalizer.words("  ...  ")).isEmpty();
    }
}
