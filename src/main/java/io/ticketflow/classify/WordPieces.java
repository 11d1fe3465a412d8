package io.ticketflow.classify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A cleaned text's word-piece ids, exactly those of OpenNLP's {@code WordpieceTokenizer} followed by a look-up of each
 * piece in the vocabulary: runs of ASCII punctuation stand apart, words split at whitespace, each word cut greedily
 * into the longest pieces of the vocabulary from its start ("##" before a piece that continues a word), [UNK] for a
 * word longer than 50 chars or for the rest of a word no piece starts. The difference is the cost: OpenNLP builds a
 * string for every try (a 12-char word not in the vocabulary is 12 strings and hash look-ups) and cuts the whole text,
 * of which the encoder reads the first pieces only; here the tries are looked up by chars and the cut stops at the cap.
 * Immutable, so safe to share.
 */
final class WordPieces {

    /** OpenNLP's limit: a longer word is one [UNK]. */
    static final int MAX_WORD_CHARS = 50;
    private static final String CONTINUES = "##";

    /** Every vocabulary entry as it is (a piece that starts a word). */
    private final FeatureIndex starts;
    private final int[] startIds;
    private final int longestStart;
    /** The entries that continue a word, without their "##" (a piece after the first of a word). */
    private final FeatureIndex continues;
    private final int[] continueIds;
    private final int longestContinue;
    private final long cls;
    private final long sep;
    private final long unk;

    WordPieces(Map<String, Integer> vocabulary, String clsToken, String sepToken, String unkToken) {
        List<String> all = new ArrayList<>(vocabulary.keySet());
        List<String> continuing = new ArrayList<>();
        int[] ids = new int[all.size()];
        List<Integer> contIds = new ArrayList<>();
        int longest = 0;
        int longestCont = 0;
        for (int i = 0; i < all.size(); i++) {
            String piece = all.get(i);
            ids[i] = vocabulary.get(piece);
            longest = Math.max(longest, piece.length());
            if (piece.startsWith(CONTINUES)) {
                continuing.add(piece.substring(CONTINUES.length()));
                contIds.add(ids[i]);
                longestCont = Math.max(longestCont, piece.length() - CONTINUES.length());
            }
        }
        starts = new FeatureIndex(all);
        startIds = ids;
        longestStart = longest;
        continues = new FeatureIndex(continuing);
        continueIds = contIds.stream().mapToInt(Integer::intValue).toArray();
        longestContinue = longestCont;
        cls = vocabulary.get(clsToken);
        sep = vocabulary.get(sepToken);
        unk = vocabulary.get(unkToken);
    }

    /**
     * [CLS], the text's pieces, [SEP], cut to at most maxPieces ids (the [SEP] kept): the first maxPieces - 1 of
     * [CLS] and the pieces, then [SEP].
     */
    long[] ids(String text, int maxPieces) {
        int room = maxPieces - 1;
        long[] ids = new long[maxPieces];
        int n = 0;
        if (n < room) {
            ids[n++] = cls;
        }
        char[] chars = text.toCharArray();
        int length = chars.length;
        int i = 0;
        while (n < room && i < length) {
            char c = chars[i];
            if (whitespace(c)) {
                i++;
                continue;
            }
            // a word: a run of non-space chars, all ASCII punctuation or none (OpenNLP spaces out punctuation runs)
            boolean punctuation = punctuation(c);
            int end = i + 1;
            while (end < length && !whitespace(chars[end]) && punctuation(chars[end]) == punctuation) {
                end++;
            }
            n = word(chars, i, end, ids, n, room);
            i = end;
        }
        ids[n++] = sep;
        return n == ids.length ? ids : java.util.Arrays.copyOf(ids, n);
    }

    /** The pieces of chars[from, to) into ids from n, stopping at room; the new n. */
    private int word(char[] chars, int from, int to, long[] ids, int n, int room) {
        if (to - from > MAX_WORD_CHARS) {
            ids[n++] = unk;
            return n;
        }
        int start = from;
        while (start < to && n < room) {
            boolean first = start == from;
            FeatureIndex table = first ? starts : continues;
            int end = Math.min(to, start + (first ? longestStart : longestContinue));
            int found = -1;
            // the longest piece first (no entry is longer than the table's longest)
            for (; end > start; end--) {
                found = table.indexOf(chars, start, end);
                if (found >= 0) {
                    break;
                }
            }
            if (found < 0) {
                ids[n++] = unk;
                return n;
            }
            ids[n++] = first ? startIds[found] : continueIds[found];
            start = end;
        }
        return n;
    }

    /** OpenNLP's whitespace ({@code StringUtil.isWhitespace}). */
    private static boolean whitespace(char c) {
        return Character.isWhitespace(c) || Character.getType(c) == Character.SPACE_SEPARATOR;
    }

    /** {@code \p{Punct}} as java.util.regex reads it without flags: ASCII punctuation. */
    private static boolean punctuation(char c) {
        return c >= '!' && c <= '~' && !Character.isLetterOrDigit(c);
    }
}
