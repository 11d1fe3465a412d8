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

    @Override
    public Collection<String> extractFeatures(String[] tokens, Map<String, Object> extraInformation) {
        List<String> features = new ArrayList<>(tokens.length * 12);
        for (int i = 0; i < tokens.length; i++) {
            String token = tokens[i];
            features.add("w=" + token);
            features.add("b=" + (i == 0 ? "^" : tokens[i - 1]) + "_" + token);
            if (token.charAt(0) != '_') {
                charGrams(token, features);
            }
        }
        if (tokens.length > 0) {
            features.add("b=" + tokens[tokens.length - 1] + "_$");
        }
        return features;
    }

    private static void charGrams(String token, List<String> features) {
        String word = "<" + token + ">";
        for (int n = MIN_CHAR_GRAM; n <= MAX_CHAR_GRAM; n++) {
            for (int start = 0; start + n <= word.length(); start++) {
                features.add("c=" + word.substring(start, start + n));
            }
        }
    }
}
