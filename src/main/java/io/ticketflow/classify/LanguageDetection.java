package io.ticketflow.classify;

import io.ticketflow.vocabulary.Classification;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import opennlp.tools.langdetect.Language;
import opennlp.tools.langdetect.LanguageDetectorModel;
import opennlp.tools.langdetect.ThreadSafeLanguageDetectorME;

/**
 * Language of a text as an ISO 639-3 code, from OpenNLP's pre-trained 103-language model
 * ({@code opennlp-models-langdetect}). Short texts get {@code und}: on a few words the detector guesses.
 */
public final class LanguageDetection {

    private static final String MODEL = "/langdetect-183.bin";
    /**
     * Characters read by default: on the generated benchmark mail (five languages) the first 300 give the whole text's
     * answer for every mail; where they do not on real mail, the text starts with machine output (base64, a link dump,
     * a log) and the sample says {@code und} (docs/performance.md, "Classification cost per mail").
     */
    public static final int SAMPLE_CHARS = 300;
    /**
     * The model spreads probability over 103 languages, so absolute confidences are small (0.02-0.1); what tells a
     * real answer from a guess is how far the best stands above the runner-up.
     */
    private static final double MIN_LEAD = 1.3;

    private final ThreadSafeLanguageDetectorME detector;
    /** The same model scored without a string per character n-gram; null: OpenNLP scores every text. */
    private final LanguageScorer scorer;
    private final int minLetters;
    private final int sampleChars;

    public LanguageDetection(int minLetters) {
        this(minLetters, SAMPLE_CHARS);
    }

    /**
     * Detection on the first sampleChars characters: the detector's cost grows with the text (every character 1- to
     * 3-gram is a feature scored for 103 languages), and a few sentences tell the language.
     */
    public LanguageDetection(int minLetters, int sampleChars) {
        try (InputStream in = LanguageDetection.class.getResourceAsStream(MODEL)) {
            if (in == null) {
                throw new IllegalStateException("language model " + MODEL + " missing from the class path "
                        + "(org.apache.opennlp:opennlp-models-langdetect)");
            }
            LanguageDetectorModel model = new LanguageDetectorModel(in);
            this.detector = new ThreadSafeLanguageDetectorME(model);
            this.scorer = LanguageScorer.of(model.getMaxentModel());
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot load the language model", e);
        }
        this.minLetters = minLetters;
        this.sampleChars = sampleChars;
    }

    public String detect(String text) {
        String sample = sample(text);
        if (sample == null) {
            return Classification.UNDETERMINED;
        }
        // the scorer's answer is best's language when it leads by MIN_LEAD, "" when not (LanguageScorer.decide)
        String language = scorer == null ? null : scorer.decide(sample, MIN_LEAD);
        if (language == null) {
            return openNlp(sample);
        }
        return language.isEmpty() ? Classification.UNDETERMINED : language;
    }

    /** {@link #detect} from LanguageScorer's exact sums alone (no 16-bit rows): the reference for the rows' bound. */
    String detectExactly(String text) {
        String sample = sample(text);
        LanguageScorer.Best best = sample == null || scorer == null ? null : scorer.best(sample);
        if (best == null) {
            return sample == null ? Classification.UNDETERMINED : openNlp(sample);
        }
        return best.confidence() >= MIN_LEAD * best.runnerUp() ? best.language() : Classification.UNDETERMINED;
    }

    /** {@link #detect} the way OpenNLP scores: the reference the tests hold {@link LanguageScorer} to. */
    String detectWithOpenNlp(String text) {
        String sample = sample(text);
        return sample == null ? Classification.UNDETERMINED : openNlp(sample);
    }

    /** The first sampleChars characters, or null when the text has too few letters to tell. */
    private String sample(String text) {
        if (text == null || !hasLetters(text, minLetters)) {
            return null;
        }
        return text.length() > sampleChars ? text.substring(0, sampleChars) : text;
    }

    private String openNlp(String sample) {
        Language[] ranked = detector.predictLanguages(sample);
        if (ranked.length == 0) {
            return Classification.UNDETERMINED;
        }
        boolean clear = ranked.length == 1 || ranked[0].getConfidence() >= MIN_LEAD * ranked[1].getConfidence();
        return clear ? ranked[0].getLang() : Classification.UNDETERMINED;
    }

    /**
     * Whether the text has at least {@code wanted} letters (never more than 1000 are counted): read only until that
     * many are found, not the first 1000 letters of every text.
     */
    private static boolean hasLetters(String text, int wanted) {
        int n = 0;
        for (int i = 0; i < text.length() && n < Math.min(wanted, 1000); i++) {
            if (Character.isLetter(text.charAt(i))) {
                n++;
            }
        }
        return n >= wanted;
    }
}
