package io.ticketflow.classify;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import opennlp.tools.doccat.FeatureGenerator;

/**
 * The features of one message for the document classifiers: words, word bigrams, and character 3- to 5-grams inside
 * words (with word boundary marks). Character n-grams carry the signal through inflection, compounds and typos
 * ("refunded", "Rückerstattung", "refnud"), which matters for short support mails in several languages.
 * <p>
 * Stateless, hence safe for concurrent use. The class name is stored in each trained model (OpenNLP instantiates it
 * by name when the model is loaded): do not rename it without retraining the shipped models.
 */
public class TicketTextFeatures implements FeatureGenerator {

    static final int MIN_CHAR_GRAM = 3;
    static final int MAX_CHAR_GRAM = 5;

    /** Receives each feature's chars in turn (the buffer is reused: copy what must be kept). */
    interface Sink {
        void accept(char[] chars, int length);
    }

    @Override
    public Collection<String> extractFeatures(String[] tokens, Map<String, Object> extraInformation) {
        List<String> features = new ArrayList<>(tokens.length * 12);
        forEach(tokens, (chars, length) -> features.add(new String(chars, 0, length)));
        return features;
    }

    /**
     * The features of {@link #extractFeatures} in the same order, as chars in one reused buffer: a reader that only
     * looks them up (ClassifierSet) builds no strings. The one definition of the features, so both forms agree.
     */
    static void forEach(String[] tokens, Sink sink) {
        char[] buf = new char[64];
        for (int i = 0; i < tokens.length; i++) {
            String token = tokens[i];
            buf = fit(buf, 2 + token.length());
            buf[0] = 'w';
            buf[1] = '=';
            token.getChars(0, token.length(), buf, 2);
            sink.accept(buf, 2 + token.length());
            String previous = i == 0 ? "^" : tokens[i - 1];
            buf = bigram(buf, previous, token, sink);
            if (token.charAt(0) != '_') {
                buf = charGrams(buf, token, sink);
            }
        }
        if (tokens.length > 0) {
            bigram(buf, tokens[tokens.length - 1], "$", sink);
        }
    }

    /** "b=" + first + "_" + second. */
    private static char[] bigram(char[] buf, String first, String second, Sink sink) {
        int length = 3 + first.length() + second.length();
        buf = fit(buf, length);
        buf[0] = 'b';
        buf[1] = '=';
        first.getChars(0, first.length(), buf, 2);
        buf[2 + first.length()] = '_';
        second.getChars(0, second.length(), buf, 3 + first.length());
        sink.accept(buf, length);
        return buf;
    }

    /** "c=" + each 3- to 5-char run of "<" + token + ">", shortest runs first, left to right. */
    private static char[] charGrams(char[] buf, String token, Sink sink) {
        int wordLength = token.length() + 2;
        // the word at buf[2 + MAX_CHAR_GRAM ...], each gram copied to buf[2 ...] in front of it
        int at = 2 + MAX_CHAR_GRAM;
        buf = fit(buf, at + wordLength);
        buf[at] = '<';
        token.getChars(0, token.length(), buf, at + 1);
        buf[at + wordLength - 1] = '>';
        buf[0] = 'c';
        buf[1] = '=';
        for (int n = MIN_CHAR_GRAM; n <= MAX_CHAR_GRAM; n++) {
            for (int start = 0; start + n <= wordLength; start++) {
                System.arraycopy(buf, at + start, buf, 2, n);
                sink.accept(buf, 2 + n);
            }
        }
        return buf;
    }

    private static char[] fit(char[] buf, int length) {
        return length <= buf.length ? buf : java.util.Arrays.copyOf(buf, Math.max(length, 2 * buf.length));
    }
}
