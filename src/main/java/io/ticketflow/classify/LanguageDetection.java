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
            this.detector = new ThreadSafeLanguageDetectorME(new LanguageDetectorModel(in));
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot load the language model", e);
        }
        this.minLetters = minLetters;
        this.sampleChars = sampleChars;
    }

    public String detect(String text) {
        if (text == null || letters(text) < minLetters) {
            return Classification.UNDETERMINED;
        }
        String sample = text.length() > sampleChars ? text.substring(0, sampleChars) : text;
        Language[] ranked = detector.predictLanguages(sample);
        if (ranked.length == 0) {
            return Classification.UNDETERMINED;
        }
        boolean clear = ranked.length == 1 || ranked[0].getConfidence() >= MIN_LEAD * ranked[1].getConfidence();
        return clear ? ranked[0].getLang() : Classification.UNDETERMINED;
    }

    private static int letters(String text) {
        int n = 0;
        for (int i = 0; i < text.length() && n < 1000; i++) {
            if (Character.isLetter(text.charAt(i))) {
                n++;
            }
        }
        return n;
    }
}
