package io.callstorm.eval.local;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the rules need from one piece of text, read in a single pass without regular expressions: the
 * {@link Cue cues} it holds, its words, hashes of its content words and of its sentences (to find repeats and
 * to compare with tool results), the numbers and identifiers it states (canonical keys, so {@code AC-10423},
 * {@code account 10423} and {@code 10,423.00} compare equal by their digits), and how many long identifiers it
 * reads out.
 */
final class TurnText {
    /** Sentences shorter than this are not compared for repeats ("Thank you." twice is no repeat). */
    static final int MIN_SENTENCE_WORDS = 4;
    /**
     * Runs of this many words inside a sentence are compared too, so that a sentence said again with a few words
     * added ("I'll look into this further and come back to you, ideally today") is still a repeat.
     */
    static final int SHINGLE_WORDS = 6;
    /** A token this long with a digit, a slash or an at sign is an ID, a URL or an address read out. */
    static final int LONG_TOKEN_CHARS = 12;
    /**
     * A URL or address this long takes longer to say than two identifiers: it counts as two long tokens. Every
     * labelled author marked such a link read out unasked as not concise; shorter e-mail addresses were mixed.
     */
    static final int LONG_LINK_CHARS = 36;
    /**
     * A sentence of this many words or more whose commas part it into {@code items} pieces is a list read out
     * (a record: "account AC-1, Business plan, 14 seats, admin email ..., created ..."); shorter ones are spelling
     * ("That's T, K, eight, one").
     */
    static final int MIN_LIST_SENTENCE_WORDS = 12;
    /** A number with this many digits is an identifier rather than a quantity. */
    static final int LONG_NUMBER_DIGITS = 7;

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final long FNV_PRIME_INVERSE = inverse(FNV_PRIME);
    /** Starts a run-of-words hash, so it never equals a whole sentence's. */
    private static final long SHINGLE_SEED = 0x5bd1e9955bd1e995L;
    private static final long ROLL = 1_000_003L;
    /** ROLL to the power SHINGLE_WORDS: a word's weight when it leaves the window. */
    private static final long ROLL_OUT = pow(ROLL, SHINGLE_WORDS);

    // What the scan needs to know of a character, in one int: its CueMatcher symbol, flags, and (from bit
    // LOWER_SHIFT up) what it adds to a word's hash. A table for every char (256 KB): one load and no branch per
    // character, where a table for ASCII alone made the loop carry the slow path for the typographic quotes and
    // dashes that replies hold.
    private static final int SYMBOL = 0x1f;
    private static final int WHITESPACE = 1 << 5;
    private static final int ALNUM = 1 << 6;
    private static final int DIGIT = 1 << 7;
    /** Ends a sentence; a full stop only before whitespace. */
    private static final int SENTENCE_END = 1 << 8;
    /** Joins two runs of letters or digits into one token when a letter or digit follows: AC-10423, 10,423.00. */
    private static final int CONNECTOR = 1 << 9;
    /** A connector of URLs and addresses. */
    private static final int LINK = 1 << 10;
    /** Part of a word, but not of a token. */
    private static final int APOSTROPHE = 1 << 11;
    private static final int LOWER_SHIFT = 16;
    private static final int[] KIND = new int[Character.MAX_VALUE + 1];

    static {
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            KIND[c] = kind((char) c);
        }
    }

    private static final String[] STOP_WORDS = {
            "the", "and", "for", "you", "your", "you're", "yours", "that", "that's", "this", "with", "have", "has",
            "had", "are", "was", "were", "can", "could", "will", "would", "should", "i'm", "i've", "i'll", "it's",
            "its", "our", "not", "but", "all", "just", "please", "thanks", "thank", "from", "they", "them", "their",
            "there", "here", "what", "when", "which", "who", "how", "why", "then", "than", "also", "too", "very",
            "any", "some", "one", "about", "into", "out", "get", "got", "let", "see", "now", "yes", "okay", "sure",
            "well", "need", "want", "like", "know", "let's", "can't", "don't", "didn't", "isn't", "it", "is", "be",
            "been", "being", "does", "did", "doing", "done", "do", "so", "if", "on", "in", "at", "to", "of", "a",
            "an", "or", "my", "me", "we", "us", "he", "she", "hi", "hello", "there's", "right", "today", "again",
            "still", "more", "much", "many", "way", "make", "made", "take", "may", "might", "must", "shall", "true",
            "false", "null", "none", "caller", "customer", "wants", "wanted", "requested", "request", "asked",
            "asks", "issue", "problem", "help", "needs", "needed", "said", "says"};
    // number words, so that "four minutes" conveys a result's 4
    private static final String[] NUMBER_WORDS = {"zero", "one", "two", "three", "four", "five", "six", "seven",
            "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
            "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
            "hundred", "thousand"};
    // Both kinds in one table, so that a word is looked up once: its value flags a stop word (never a content
    // word) and a number word, whose number is in the low bits. Every number word has three letters or more, and
    // shorter words are no content words, so words of one or two letters are not looked up.
    private static final long STOP_WORD = 1L << 32;
    private static final long NUMBER_WORD = 1L << 33;
    private static final long NUMBER = 0xffff_ffffL;
    private static final WordTable WORDS = words();

    // sentences that are a retort on their own; "No." is not one (a firm no is an answer)
    private static final WordTable CURT_SENTENCES = sentences("fine", "whatever", "fine then", "ok fine",
            "okay fine", "yeah yeah", "sure sure", "if you say so", "huh", "next", "so", "and", "what else", "policy",
            "no policy");

    /** One scan's buffers per thread: a conversation's turns are read one after another. */
    private static final ThreadLocal<Scan> SCAN = ThreadLocal.withInitial(Scan::new);

    final long cues;
    /** Whitespace-separated words, as a speaker counts them. */
    final int words;
    final long[] contentWords;
    /** Hashes of its sentences of {@value #MIN_SENTENCE_WORDS}+ words and of each run of {@value #SHINGLE_WORDS} words. */
    final long[] sentences;
    final long[] numbers;
    /** Numbers of three or more digits, or written with a currency sign: what a listener takes as a fact. */
    final long[] facts;
    /** The facts written as amounts of money ($, EUR or GBP sign). */
    final long[] amounts;
    /** Sentences that are a grudging retort on their own: "Fine.", "Whatever.", "If you say so." */
    final int curtSentences;
    /**
     * Tokens that are long identifiers, URLs or addresses, or numbers of {@value #LONG_NUMBER_DIGITS}+ digits; a link
     * of {@value #LONG_LINK_CHARS}+ characters counts twice.
     */
    final int longTokens;
    /**
     * The most comma-separated pieces in one sentence of {@value #MIN_LIST_SENTENCE_WORDS}+ words (1 for a sentence
     * without commas, 0 when no sentence is that long or sentences were not read).
     */
    final int listItems;

    private TurnText(long cues, int words, long[] contentWords, long[] sentences, long[] numbers, long[] facts,
                     long[] amounts, int curtSentences, int longTokens, int listItems) {
        this.cues = cues;
        this.words = words;
        this.contentWords = contentWords;
        this.sentences = sentences;
        this.numbers = numbers;
        this.facts = facts;
        this.amounts = amounts;
        this.curtSentences = curtSentences;
        this.longTokens = longTokens;
        this.listItems = listItems;
    }

    static final TurnText EMPTY = new TurnText(0, 0, new long[0], new long[0], new long[0], new long[0], new long[0],
            0, 0, 0);

    boolean has(Cue cue) {
        return cue.in(cues);
    }

    boolean hasAny(long cueMask) {
        return (cues & cueMask) != 0;
    }

    boolean mentionsNumber(long key) {
        return contains(numbers, key);
    }

    boolean mentionsWord(long hash) {
        return contains(contentWords, hash);
    }

    static boolean contains(long[] values, long key) {
        for (long v : values) {
            if (v == key) {
                return true;
            }
        }
        return false;
    }

    /** Reads {@code text} in one pass. */
    static TurnText of(CharSequence text) {
        return read(text, true);
    }

    /**
     * Reads {@code text} in one pass, without hashing its sentences: {@link #sentences} is empty and
     * {@link #curtSentences} 0. Only an agent's sentences are compared (for repeats and retorts), so a caller's turn
     * or a tool's values are spared the work.
     */
    static TurnText withoutSentences(CharSequence text) {
        return read(text, false);
    }

    private static TurnText read(CharSequence text, boolean sentences) {
        Scan scan = SCAN.get();
        int n = text.length();
        char[] chars = scan.buffer(n + 1);
        // copied at once: the loop then reads an array, without a per-character check of how the text is stored
        if (text instanceof String string) {
            string.getChars(0, n, chars, 0);
        } else if (text instanceof StringBuilder builder) {
            builder.getChars(0, n, chars, 0);
        } else {
            for (int i = 0; i < n; i++) {
                chars[i] = text.charAt(i);
            }
        }
        return scan.read(n, sentences);
    }

    /**
     * One pass over a text, with buffers reused per thread. What changes on every character (the automaton's state,
     * the word's hash) is kept in locals of {@link #word}, a loop of its own over a word's letters; what changes once
     * a word, a sentence or a token ends is kept in fields.
     */
    private static final class Scan {
        /** The cue automaton's state between words, and the cues found so far. */
        private int state;
        private long cues;
        /** Whitespace-separated words, and whether the last character was whitespace. */
        private int words;
        private boolean afterWhitespace;
        // the current token: letters and digits and the connectors between them; its kinds OR-ed
        private int tokenStart;
        private int tokenKinds;
        // the digit groups of the current token ("2024-06-03": 2024, 6, 3)
        private final LongList groupValues = new LongList(4);
        // the current sentence: its words' hashes, hashed together when it ends, and its cues
        private final LongList sentenceWords = new LongList(32);
        private long sentenceCues;
        // what the text states
        private final LongList content = new LongList(16);
        private final LongList sentenceHashes = new LongList(16);
        private final LongList numbers = new LongList(4);
        private final LongList facts = new LongList(4);
        private final LongList amounts = new LongList(2);
        private int longTokens;
        private int curtSentences;
        private int sentenceCommas;
        private int listItems;
        private char[] chars = new char[256];

        /** The buffer the next text is copied into, at least {@code length} long. */
        char[] buffer(int length) {
            if (length > chars.length) {
                chars = new char[Math.max(length, chars.length * 2)];
            }
            return chars;
        }

        /** Reads the first {@code n} characters of {@link #buffer}; hashes its sentences if {@code sentences}. */
        TurnText read(int n, boolean sentences) {
            reset();
            char[] text = chars;
            // the end of the text reads as a space: one at n ends the last word and token, and stops the loops
            text[n] = ' ';
            for (int i = 0; i <= n; i++) {
                int kind = KIND[text[i]];
                if ((kind & SYMBOL) != CueMatcher.SPACE) {
                    i = word(text, i, sentences);
                    kind = KIND[text[i]];
                }
                afterSpace(text, i, kind, sentences);
            }
            if (sentences) {
                endSentence();
            }
            return new TurnText(cues, words, content.toArray(), sentenceHashes.toArray(), numbers.toArray(),
                    facts.toArray(), amounts.toArray(), curtSentences, longTokens, listItems);
        }

        /**
         * Reads the word (letters, digits and apostrophes) that starts at {@code start}; returns where it ends. No
         * cue ends inside a word, as every cue ends at a space.
         */
        private int word(char[] text, int start, boolean sentences) {
            int state = this.state;
            long hash = FNV_OFFSET;
            int kinds = 0;
            int i = start;
            int kind = KIND[text[i]];
            do {
                state = CueMatcher.step(state, kind & SYMBOL);
                hash = (hash ^ (kind >>> LOWER_SHIFT)) * FNV_PRIME;
                kinds |= kind;
                kind = KIND[text[++i]];
            } while ((kind & SYMBOL) != CueMatcher.SPACE);
            // the automaton reads the run of spaces and punctuation after a word as one space
            state = CueMatcher.step(state, CueMatcher.SPACE);
            this.state = state;
            endWord(text, start, i, hash, kinds, CueMatcher.cues(state), sentences);
            return i;
        }

        /**
         * The word {@code text[start, end)} ended, and the cues {@code found} after it: its token, its place in the
         * sentence, and, for a word of three letters or more, whether it is a number word or a content word.
         */
        private void endWord(char[] text, int start, int end, long hash, int wordKinds, long found, boolean sentences) {
            words += afterWhitespace ? 1 : 0;
            afterWhitespace = false;
            if (found != 0) {
                cues |= found;
                sentenceCues |= found;
            }
            if ((wordKinds & APOSTROPHE) == 0) {
                tokenStart = tokenStart < 0 ? start : tokenStart;
                tokenKinds |= wordKinds;
            } else {
                apostrophes(text, start, end);
            }
            if (sentences) {
                sentenceWords.add(hash);
            }
            if (end - start >= 3) {
                // no number word or content word is shorter
                long word = WORDS.get(hash); // WordTable.ABSENT, for most words, has neither flag
                if ((word & NUMBER_WORD) != 0) {
                    numbers.add(word & NUMBER);
                }
                if ((word & STOP_WORD) == 0) {
                    content.add(stemHash(text, end, end - start, hash));
                }
            }
        }

        /** The tokens of a word with an apostrophe, which ends a token: "you're" is "you" and "re". */
        private void apostrophes(char[] text, int start, int end) {
            for (int i = start; i < end; i++) {
                int kind = KIND[text[i]];
                if ((kind & APOSTROPHE) == 0) {
                    tokenStart = tokenStart < 0 ? i : tokenStart;
                    tokenKinds |= kind;
                } else if (tokenStart >= 0) {
                    endToken(text, tokenStart, i, tokenKinds);
                    tokenStart = -1;
                    tokenKinds = 0;
                }
            }
        }

        /** The space or punctuation at {@code i}, of kind {@code kind}: a word count, a sentence's end, a token's. */
        private void afterSpace(char[] text, int i, int kind, boolean sentences) {
            if ((kind & WHITESPACE) != 0) {
                afterWhitespace = true;
            } else if (afterWhitespace) {
                words++;
                afterWhitespace = false;
            }
            if (sentences && text[i] == ',' && (KIND[text[i + 1]] & WHITESPACE) != 0) {
                sentenceCommas++; // "1,260" has no space after its comma: a figure, not a list
            } else if ((kind & SENTENCE_END) != 0 && sentences
                    && (text[i] != '.' || (KIND[text[i + 1]] & WHITESPACE) != 0)) {
                endSentence();
            }
            if (tokenStart >= 0) {
                if ((kind & CONNECTOR) != 0 && (KIND[text[i + 1]] & ALNUM) != 0) {
                    tokenKinds |= kind;
                } else {
                    endToken(text, tokenStart, i, tokenKinds);
                    tokenStart = -1;
                    tokenKinds = 0;
                }
            }
        }

        /** Ready for a new text: every count and state back to the start; the buffers are kept, to be reused. */
        private void reset() {
            state = CueMatcher.start();
            cues = 0;
            words = 0;
            afterWhitespace = true;
            tokenStart = -1;
            tokenKinds = 0;
            sentenceWords.clear();
            sentenceCues = 0;
            content.clear();
            sentenceHashes.clear();
            numbers.clear();
            facts.clear();
            amounts.clear();
            longTokens = 0;
            curtSentences = 0;
            sentenceCommas = 0;
            listItems = 0;
        }

        /**
         * Hashes the sentence that ended, once it is known not to be a filler: whole, and each run of
         * {@value #SHINGLE_WORDS} words in it (a rolling hash: add the new word, take out the one leaving).
         */
        private void endSentence() {
            LongList words = sentenceWords;
            int length = words.size();
            long hash = 0;
            for (int i = 0; i < length; i++) {
                hash = hash * 31 + words.get(i);
            }
            // a filler said while a tool runs ("I'm looking that up now") is no content to repeat
            boolean filler = Cue.FILLER.in(sentenceCues);
            if (length >= MIN_SENTENCE_WORDS && !filler) {
                sentenceHashes.add(hash);
                long window = 0;
                for (int i = 0; i < length; i++) {
                    window = window * ROLL + words.get(i) - (i >= SHINGLE_WORDS ? words.get(i - SHINGLE_WORDS) * ROLL_OUT : 0);
                    if (i + 1 >= SHINGLE_WORDS) {
                        sentenceHashes.add(window ^ SHINGLE_SEED);
                    }
                }
            } else if (length > 0 && CURT_SENTENCES.contains(hash)) {
                curtSentences++;
            }
            if (length >= MIN_LIST_SENTENCE_WORDS) {
                listItems = Math.max(listItems, sentenceCommas + 1);
            }
            sentenceWords.clear();
            sentenceCues = 0;
            sentenceCommas = 0;
        }

        /**
         * The token {@code text[start, end)}: the numbers it states and whether it is a long identifier. Only a
         * token with a digit or a link connector has either, so the characters of the others are not read again.
         */
        private void endToken(char[] text, int start, int end, int kinds) {
            if ((kinds & (DIGIT | LINK)) != 0) {
                readToken(text, start, end);
            }
        }

        private void readToken(char[] text, int start, int end) {
            char before = start > 0 ? text[start - 1] : ' ';
            boolean money = before == '$' || before == '\u20ac' || before == '\u00a3';
            boolean linkish = false;
            int digits = 0;
            long value = 0;
            long groupValue = 0;
            int groupDigits = 0;
            int fractionDigits = -1;
            boolean fractionAllZero = false;
            groupValues.clear();
            for (int i = start; i < end; i++) {
                char ch = text[i];
                if (ch >= '0' && ch <= '9') {
                    groupDigits++;
                    groupValue = groupValue < 100_000_000_000_000_000L ? groupValue * 10 + (ch - '0') : groupValue;
                    digits++;
                    value = value < 100_000_000_000_000_000L ? value * 10 + (ch - '0') : value * 31 + (ch - '0');
                    if (fractionDigits >= 0) {
                        fractionDigits++;
                        fractionAllZero &= ch == '0';
                    }
                    continue;
                }
                boolean digitNext = (KIND[text[i + 1]] & DIGIT) != 0;
                if (groupDigits > 0 && !(ch == ',' && digitNext)) {
                    groupValues.add(groupValue); // a comma before a digit is a thousands separator
                    groupValue = 0;
                    groupDigits = 0;
                }
                if (ch == '.' && digits > 0 && digitNext) {
                    fractionDigits = 0;
                    fractionAllZero = true;
                } else if (ch == '/' || ch == '@' || ch == ':') {
                    linkish = true;
                } else if ((KIND[ch] & ALNUM) != 0) {
                    fractionDigits = -1; // "v1.2b": letters after a fraction make it an identifier, keep it all
                }
            }
            if (groupDigits > 0) {
                groupValues.add(groupValue);
            }
            if (digits > 0) {
                if (fractionDigits > 0 && fractionAllZero) {
                    for (int i = 0; i < fractionDigits; i++) {
                        value /= 10;
                    }
                }
                numbers.add(value);
                int groups = groupValues.size();
                if (groups > 1) {
                    // "2024-06-03" also states 2024, 6 and 3: what a reply may say of it
                    for (int g = 0; g < groups; g++) {
                        numbers.add(groupValues.get(g));
                    }
                    for (int g = 0; g < groups; g++) {
                        long group = groupValues.get(g);
                        if (group >= 100 && !isYear(group)) {
                            facts.add(group);
                        }
                    }
                } else if ((digits >= 3 || money) && !isYear(value)) {
                    facts.add(value);
                }
                if (money) {
                    amounts.add(value);
                }
            }
            if (linkish && end - start >= LONG_LINK_CHARS) {
                longTokens += 2;
            } else if ((end - start >= LONG_TOKEN_CHARS && (digits > 0 || linkish)) || digits >= LONG_NUMBER_DIGITS) {
                longTokens++;
            }
        }

        /** A year is a date, not a figure a tool must have returned. */
        private static boolean isYear(long value) {
            return value >= 1990 && value <= 2099;
        }

    }

    /** What the scan needs to know of {@code ch}: the entry of {@link #KIND}. */
    private static int kind(char ch) {
        int kind = CueMatcher.symbol(ch) | lower(ch) << LOWER_SHIFT;
        kind |= Character.isWhitespace(ch) ? WHITESPACE : 0;
        kind |= Character.isLetterOrDigit(ch) ? ALNUM : 0;
        kind |= ch >= '0' && ch <= '9' ? DIGIT : 0;
        kind |= ch == '!' || ch == '?' || ch == ';' || ch == '\n' || ch == '.' ? SENTENCE_END : 0;
        kind |= "-_/.:@,#".indexOf(ch) >= 0 ? CONNECTOR : 0;
        kind |= ch == '/' || ch == '@' || ch == ':' ? LINK : 0;
        kind |= CueMatcher.symbol(ch) == CueMatcher.APOSTROPHE ? APOSTROPHE : 0;
        return kind;
    }

    /**
     * The hash of a word's crude stem, so that "charge", "charged", "charges" and "charging" compare equal: the
     * word's hash with its cut characters taken back out, last first. A step of FNV-1a multiplies by an odd prime,
     * which has an inverse modulo 2^64, so the stem's characters are not read again.
     */
    private static long stemHash(char[] text, int end, int length, long wordHash) {
        int last1 = hashChar(text[end - 1]);
        int last2 = hashChar(text[end - 2]);
        int last3 = hashChar(text[end - 3]);
        int cut = stemCut(length, last1, last2, last3);
        long h = wordHash;
        if (cut >= 1) {
            h = (h * FNV_PRIME_INVERSE) ^ last1;
        }
        if (cut >= 2) {
            h = (h * FNV_PRIME_INVERSE) ^ last2;
        }
        if (cut == 3) {
            h = (h * FNV_PRIME_INVERSE) ^ last3;
        }
        return h;
    }

    /** What one character adds to a word's hash: itself in lower case, the typographic apostrophe as the plain one. */
    static int hashChar(char ch) {
        return KIND[ch] >>> LOWER_SHIFT;
    }

    private static int lower(char ch) {
        return ch == '\u2019' ? '\'' : Character.toLowerCase(ch);
    }

    /** The hash {@link TurnText} gives a single word, for fixed word lists. */
    static long wordHash(String word) {
        int[] symbols = new int[word.length()];
        for (int i = 0; i < symbols.length; i++) {
            symbols[i] = hashChar(word.charAt(i));
        }
        return hash(symbols, symbols.length);
    }


    /** The inverse of an odd number modulo 2^64, by Newton's iteration (each step doubles the bits that are right). */
    private static long inverse(long odd) {
        long x = odd;
        for (int i = 0; i < 5; i++) {
            x *= 2 - odd * x;
        }
        return x;
    }

    private static long pow(long base, int exponent) {
        long p = 1;
        for (int i = 0; i < exponent; i++) {
            p *= base;
        }
        return p;
    }


    private static long hash(int[] symbols, int length) {
        long h = FNV_OFFSET;
        for (int i = 0; i < length; i++) {
            h = (h ^ symbols[i]) * FNV_PRIME;
        }
        return h;
    }

    /**
     * How many symbols a word's crude stem drops from its end, so that "charge", "charged", "charges" and
     * "charging" compare equal: -ing, -ed, -es, -s (not -ss) and a final -e, from words long enough to keep a stem
     * of three letters. {@code last1} is the word's last symbol.
     */
    private static int stemCut(int n, int last1, int last2, int last3) {
        final int e = 'e';
        final int s = 's';
        if (n >= 6 && last3 == 'i' && last2 == 'n' && last1 == 'g') {
            return 3;
        }
        if (n >= 5 && last2 == e && (last1 == 'd' || last1 == s)) {
            return 2;
        }
        if (n >= 4 && last1 == s && last2 != s) {
            return 1;
        }
        if (n >= 5 && last1 == e) {
            return 1;
        }
        return 0;
    }

    /** A table of sentence hashes, as the scan folds a sentence's word hashes. */
    private static WordTable sentences(String... sentences) {
        long[] hashes = new long[sentences.length];
        for (int i = 0; i < sentences.length; i++) {
            long h = 0;
            for (String word : sentences[i].split(" ")) {
                h = h * 31 + wordHash(word);
            }
            hashes[i] = h;
        }
        return new WordTable(hashes);
    }

    private static WordTable words() {
        Map<String, Long> words = new LinkedHashMap<>();
        for (String stop : STOP_WORDS) {
            words.put(stop, STOP_WORD);
        }
        for (int i = 0; i < NUMBER_WORDS.length; i++) {
            long number = i <= 20 ? i : i <= 27 ? (i - 18) * 10L : i == 28 ? 100 : 1000;
            words.merge(NUMBER_WORDS[i], NUMBER_WORD | number, (a, b) -> a | b);
        }
        return new WordTable(words.keySet().toArray(new String[0]),
                words.values().stream().mapToLong(Long::longValue).toArray());
    }
}
