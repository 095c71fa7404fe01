package io.callstorm.eval.local;

import java.util.Arrays;

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
    /** A number with this many digits is an identifier rather than a quantity. */
    static final int LONG_NUMBER_DIGITS = 7;

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    /** Starts a run-of-words hash, so it never equals a whole sentence's. */
    private static final long SHINGLE_SEED = 0x5bd1e9955bd1e995L;
    private static final long ROLL = 1_000_003L;
    /** ROLL to the power SHINGLE_WORDS: a word's weight when it leaves the window. */
    private static final long ROLL_OUT = pow(ROLL, SHINGLE_WORDS);
    // the same answers as CueMatcher.symbol, Character.isWhitespace and isLetterOrDigit, by table for ASCII
    private static final int[] ASCII_SYMBOL = new int[128];
    /** What a character adds to a word's hash: itself in lower case, the typographic apostrophe as the plain one. */
    private static final char[] ASCII_LOWER = new char[128];
    private static final boolean[] ASCII_WHITESPACE = new boolean[128];
    private static final boolean[] ASCII_ALNUM = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) {
            ASCII_SYMBOL[c] = CueMatcher.symbol(c);
            ASCII_LOWER[c] = Character.toLowerCase(c);
            ASCII_WHITESPACE[c] = Character.isWhitespace(c);
            ASCII_ALNUM[c] = Character.isLetterOrDigit(c);
        }
    }

    private static final WordTable STOP_WORDS = stopWords(
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
            "asks", "issue", "problem", "help", "needs", "needed", "said", "says");

    // sentences that are a retort on their own; "No." is not one (a firm no is an answer)
    private static final WordTable CURT_SENTENCES = sentences("fine", "whatever", "fine then", "ok fine",
            "okay fine", "yeah yeah", "sure sure", "if you say so", "huh", "next", "so", "and", "what else", "policy",
            "no policy");

    // number words, so that "four minutes" conveys a result's 4
    private static final WordTable NUMBER_WORDS = numberWords();

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
    /** Tokens that are long identifiers, URLs or addresses, or numbers of {@value #LONG_NUMBER_DIGITS}+ digits. */
    final int longTokens;

    private TurnText(long cues, int words, long[] contentWords, long[] sentences, long[] numbers, long[] facts,
                     long[] amounts, int curtSentences, int longTokens) {
        this.cues = cues;
        this.words = words;
        this.contentWords = contentWords;
        this.sentences = sentences;
        this.numbers = numbers;
        this.facts = facts;
        this.amounts = amounts;
        this.curtSentences = curtSentences;
        this.longTokens = longTokens;
    }

    static final TurnText EMPTY = new TurnText(0, 0, new long[0], new long[0], new long[0], new long[0], new long[0],
            0, 0);

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
    static TurnText of(String text) {
        Scan s = SCAN.get().reset();
        int n = text.length();
        for (int i = 0; i <= n; i++) {
            char ch = i == n ? ' ' : text.charAt(i);
            char next = i + 1 < n ? text.charAt(i + 1) : ' ';
            s.accept(ch, next);
        }
        return s.finish();
    }

    /** The state of one pass; a class so that {@link #of} stays readable. */
    private static final class Scan {
        private int state;
        private int previousSymbol;
        private long cues;
        private int words;
        private boolean inWhitespaceWord;
        // the current word: its hash so far, and the hashes before its last three symbols (for the stem)
        private long wordHash;
        private long hashBefore1;
        private long hashBefore2;
        private long hashBefore3;
        private int last1;
        private int last2;
        private int last3;
        private int wordLength;
        // the current sentence
        private long sentenceHash;
        private int sentenceWords;
        private final long[] lastWords = new long[SHINGLE_WORDS];
        // the current sentence's six-word runs, kept only if the sentence is not a filler, and its cues
        private long[] pending = new long[8];
        private int pendingCount;
        private long sentenceCues;
        private int ring;
        private long window;
        // the current token (letters, digits and the connectors inside them)
        private int tokenLength;
        private int tokenDigits;
        private long tokenValue;
        private long groupValue;
        private int groupDigits;
        private int groups;
        private long[] groupValues = new long[4];
        private boolean tokenMoney;
        private boolean tokenLinkish;
        private int fractionDigits;
        private boolean fractionAllZero;
        private char previousChar;
        private long[] content = new long[16];
        private int contentCount;
        private long[] sentenceHashes = new long[4];
        private int sentenceCount;
        private long[] numbers = new long[4];
        private int numberCount;
        private long[] facts = new long[4];
        private int factCount;
        private long[] amounts = new long[2];
        private int amountCount;
        private int longTokens;
        private int curtSentences;

        /** Ready for a new text: every count and state back to the start; the buffers are kept, to be reused. */
        Scan reset() {
            state = CueMatcher.start();
            previousSymbol = CueMatcher.SPACE;
            cues = 0;
            words = 0;
            inWhitespaceWord = false;
            wordHash = FNV_OFFSET;
            hashBefore1 = 0;
            hashBefore2 = 0;
            hashBefore3 = 0;
            last1 = 0;
            last2 = 0;
            last3 = 0;
            wordLength = 0;
            sentenceHash = 0;
            sentenceWords = 0;
            ring = 0;
            window = 0;
            pendingCount = 0;
            sentenceCues = 0;
            clearToken();
            fractionAllZero = false;
            previousChar = ' ';
            contentCount = 0;
            sentenceCount = 0;
            numberCount = 0;
            factCount = 0;
            amountCount = 0;
            longTokens = 0;
            curtSentences = 0;
            return this;
        }

        void accept(char ch, char next) {
            int sym = ch < 128 ? ASCII_SYMBOL[ch] : CueMatcher.symbol(ch);
            if (!(sym == CueMatcher.SPACE && previousSymbol == CueMatcher.SPACE)) {
                state = CueMatcher.step(state, sym);
                long found = CueMatcher.cues(state);
                cues |= found;
                sentenceCues |= found;
            }
            previousSymbol = sym;

            boolean whitespace = ch < 128 ? ASCII_WHITESPACE[ch] : Character.isWhitespace(ch);
            if (!whitespace && !inWhitespaceWord) {
                words++;
            }
            inWhitespaceWord = !whitespace;

            if (sym != CueMatcher.SPACE) {
                int c = hashChar(ch);
                hashBefore3 = hashBefore2;
                hashBefore2 = hashBefore1;
                hashBefore1 = wordHash;
                wordHash = (wordHash ^ c) * FNV_PRIME;
                last3 = last2;
                last2 = last1;
                last1 = c;
                wordLength++;
            } else {
                endWord();
            }
            if (isSentenceEnd(ch, next)) {
                endSentence();
            }
            token(ch, next);
            previousChar = ch;
        }

        private void token(char ch, char next) {
            boolean alnum = ch < 128 ? ASCII_ALNUM[ch] : Character.isLetterOrDigit(ch);
            if (!alnum && tokenLength == 0) {
                return; // between tokens: the common case, spaces and punctuation
            }
            boolean connector = !alnum && tokenLength > 0 && (ch == '-' || ch == '_' || ch == '/' || ch == '.'
                    || ch == ':' || ch == '@' || ch == ',' || ch == '#')
                    && (next < 128 ? ASCII_ALNUM[next] : Character.isLetterOrDigit(next));
            if (alnum || connector) {
                if (tokenLength == 0) {
                    tokenMoney = previousChar == '$' || previousChar == '\u20ac' || previousChar == '\u00a3';
                }
                tokenLength++;
                if (ch >= '0' && ch <= '9') {
                    groupDigits++;
                    groupValue = groupValue < 100_000_000_000_000_000L ? groupValue * 10 + (ch - '0') : groupValue;
                    tokenDigits++;
                    tokenValue = tokenValue < 100_000_000_000_000_000L ? tokenValue * 10 + (ch - '0')
                            : tokenValue * 31 + (ch - '0');
                    if (fractionDigits >= 0) {
                        fractionDigits++;
                        fractionAllZero &= ch == '0';
                    }
                    return;
                }
                endGroup(ch == ',' && next >= '0' && next <= '9');
                if (ch == '.' && tokenDigits > 0 && next >= '0' && next <= '9') {
                    fractionDigits = 0;
                    fractionAllZero = true;
                } else if (ch == '/' || ch == '@' || ch == ':') {
                    tokenLinkish = true;
                } else if (alnum) {
                    fractionDigits = -1; // "v1.2b": letters after a fraction make it an identifier, keep it all
                }
                return;
            }
            endToken();
        }

        /** Ends a run of digits inside a token, unless it is a thousands separator. */
        private void endGroup(boolean thousands) {
            if (groupDigits == 0 || thousands) {
                return;
            }
            if (groups == groupValues.length) {
                groupValues = Arrays.copyOf(groupValues, groups * 2);
            }
            groupValues[groups++] = groupValue;
            groupValue = 0;
            groupDigits = 0;
        }

        private void endToken() {
            if (tokenLength == 0) {
                return;
            }
            endGroup(false);
            if (tokenDigits > 0) {
                long value = tokenValue;
                if (fractionDigits > 0 && fractionAllZero) {
                    for (int i = 0; i < fractionDigits; i++) {
                        value /= 10;
                    }
                }
                numbers = add(numbers, numberCount++, value);
                if (groups > 1) {
                    // "2024-06-03" also states 2024, 6 and 3: what a reply may say of it
                    for (int g = 0; g < groups; g++) {
                        numbers = add(numbers, numberCount++, groupValues[g]);
                    }
                }
                if (groups > 1) {
                    for (int g = 0; g < groups; g++) {
                        long group = groupValues[g];
                        if (group >= 100 && !isYear(group)) {
                            facts = add(facts, factCount++, group);
                        }
                    }
                } else if ((tokenDigits >= 3 || tokenMoney) && !isYear(value)) {
                    facts = add(facts, factCount++, value);
                }
                if (tokenMoney) {
                    amounts = add(amounts, amountCount++, value);
                }
            }
            if ((tokenLength >= LONG_TOKEN_CHARS && (tokenDigits > 0 || tokenLinkish))
                    || tokenDigits >= LONG_NUMBER_DIGITS) {
                longTokens++;
            }
            clearToken();
        }

        private void clearToken() {
            tokenLength = 0;
            tokenDigits = 0;
            tokenValue = 0;
            groups = 0;
            groupValue = 0;
            groupDigits = 0;
            tokenMoney = false;
            tokenLinkish = false;
            fractionDigits = -1;
        }

        private void endWord() {
            if (wordLength == 0) {
                return;
            }
            sentenceHash = sentenceHash * 31 + wordHash;
            // a rolling hash of the last SHINGLE_WORDS words: add the new word, take out the one leaving
            long leaving = lastWords[ring];
            lastWords[ring] = wordHash;
            ring = ring + 1 == SHINGLE_WORDS ? 0 : ring + 1;
            window = window * ROLL + wordHash - (sentenceWords >= SHINGLE_WORDS ? leaving * ROLL_OUT : 0);
            sentenceWords++;
            if (sentenceWords >= SHINGLE_WORDS) {
                pending = add(pending, pendingCount++, window ^ SHINGLE_SEED);
            }
            long spelled = NUMBER_WORDS.get(wordHash);
            if (spelled != WordTable.ABSENT) {
                numbers = add(numbers, numberCount++, spelled);
            }
            if (wordLength >= 3 && !STOP_WORDS.contains(wordHash)) {
                int cut = stemCut(wordLength, last1, last2, last3);
                long stemHash = cut == 0 ? wordHash : cut == 1 ? hashBefore1 : cut == 2 ? hashBefore2 : hashBefore3;
                content = add(content, contentCount++, stemHash);
            }
            wordHash = FNV_OFFSET;
            wordLength = 0;
        }

        private void endSentence() {
            endWord();
            // a filler said while a tool runs ("I'm looking that up now") is no content to repeat
            boolean filler = Cue.FILLER.in(sentenceCues);
            if (sentenceWords >= MIN_SENTENCE_WORDS && !filler) {
                sentenceHashes = add(sentenceHashes, sentenceCount++, sentenceHash);
                for (int i = 0; i < pendingCount; i++) {
                    sentenceHashes = add(sentenceHashes, sentenceCount++, pending[i]);
                }
            } else if (sentenceWords > 0 && CURT_SENTENCES.contains(sentenceHash)) {
                curtSentences++;
            }
            pendingCount = 0;
            sentenceCues = 0;
            sentenceHash = 0;
            sentenceWords = 0;
            window = 0;
            ring = 0;
        }

        TurnText finish() {
            endSentence();
            endToken();
            return new TurnText(cues, words, Arrays.copyOf(content, contentCount),
                    Arrays.copyOf(sentenceHashes, sentenceCount), Arrays.copyOf(numbers, numberCount),
                    Arrays.copyOf(facts, factCount), Arrays.copyOf(amounts, amountCount), curtSentences, longTokens);
        }

        /** A year is a date, not a figure a tool must have returned. */
        private static boolean isYear(long value) {
            return value >= 1990 && value <= 2099;
        }

        private static boolean isSentenceEnd(char ch, char next) {
            return ch == '!' || ch == '?' || ch == ';' || ch == '\n'
                    || (ch == '.' && (Character.isWhitespace(next)));
        }

        private static long[] add(long[] values, int index, long value) {
            long[] out = index < values.length ? values : Arrays.copyOf(values, values.length * 2);
            out[index] = value;
            return out;
        }
    }

    /** What one character adds to a word's hash. */
    static int hashChar(char ch) {
        if (ch < 128) {
            return ASCII_LOWER[ch];
        }
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

    private static WordTable stopWords(String... words) {
        return new WordTable(words, new long[words.length]);
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

    private static WordTable numberWords() {
        String[] words = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
            "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
            "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "thousand"};
        long[] values = new long[words.length];
        for (int i = 0; i < words.length; i++) {
            values[i] = i <= 20 ? i : i <= 27 ? (i - 18) * 10L : i == 28 ? 100 : 1000;
        }
        return new WordTable(words, values);
    }
}
