package io.callstorm.core.io;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class BoundedLinesTest {
    private static List<BoundedLines.Line> lines(String text, int max) throws IOException {
        BoundedLines lines = new BoundedLines(new StringReader(text), max);
        List<BoundedLines.Line> out = new ArrayList<>();
        for (BoundedLines.Line l = lines.next(); l != null; l = lines.next()) {
            out.add(l);
        }
        return out;
    }

    /** The same split written the plain way: one character at a time. */
    private static List<BoundedLines.Line> reference(String text, int max) {
        List<BoundedLines.Line> out = new ArrayList<>();
        int i = 0;
        long number = 0;
        while (i < text.length()) {
            int start = i;
            while (i < text.length() && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
                i++;
            }
            String line = text.substring(start, i);
            if (i < text.length()) {
                i += text.charAt(i) == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n' ? 2 : 1;
            }
            number++;
            if (number == 1 && line.length() <= max && line.startsWith("\uFEFF")) {
                line = line.substring(1);
                out.add(new BoundedLines.Line(number, line, false, line.length() + 1));
                continue;
            }
            boolean tooLong = line.length() > max;
            out.add(new BoundedLines.Line(number, tooLong ? "" : line, tooLong, line.length()));
        }
        return out;
    }

    @Test
    void everyLineEndBomAndTooLongLineIsReadAsThePlainSplitReadsIt() throws IOException {
        assertThat(lines("\uFEFFa\nbb\r\ncc\r\rd", 10)).containsExactly(
                new BoundedLines.Line(1, "a", false, 2), new BoundedLines.Line(2, "bb", false, 2),
                new BoundedLines.Line(3, "cc", false, 2), new BoundedLines.Line(4, "", false, 0),
                new BoundedLines.Line(5, "d", false, 1));
        assertThat(lines("12345\nabc\n", 3)).containsExactly(
                new BoundedLines.Line(1, "", true, 5), new BoundedLines.Line(2, "abc", false, 3));
        assertThat(lines("", 3)).isEmpty();
    }

    @Test
    void randomTextsAcrossBufferBoundariesSplitAsThePlainWay() throws IOException {
        SplittableRandom random = new SplittableRandom(42);
        char[] alphabet = {'a', 'b', '{', '"', '\n', '\r', ' ', 'é'};
        for (int round = 0; round < 300; round++) {
            StringBuilder text = new StringBuilder();
            int size = random.nextInt(40_000);
            for (int i = 0; i < size; i++) {
                // long runs without a line end, so that lines cross the reader's 8 KiB buffer
                text.append(random.nextInt(50) == 0 ? alphabet[4 + random.nextInt(2)]
                        : alphabet[random.nextInt(alphabet.length)] == '\n' ? 'x' : alphabet[random.nextInt(4)]);
            }
            int max = 1 + random.nextInt(12_000);
            assertThat(lines(text.toString(), max)).as("round %d", round).isEqualTo(reference(text.toString(), max));
        }
    }
}
