package io.ticketflow.classify;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.bench.MailGenerator;
import io.ticketflow.parse.MessageParser;
import io.ticketflow.vocabulary.RawMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import opennlp.tools.langdetect.LanguageDetectorModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link LanguageScorer#decide} (16-bit rows and a bound, {@link CoarseRows}) against the answer taken from
 * {@link LanguageScorer#best}'s exact sums, on the starter data, banking77, CLINC150, the reply-trimming corpus,
 * generated benchmark mail and gram soup: the bound holds for every sum of every text, and the answers are the same.
 */
class LanguageDecisionTest {

    private static LanguageScorer scorer;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = LanguageDecisionTest.class.getResourceAsStream("/langdetect-183.bin")) {
            scorer = LanguageScorer.of(new LanguageDetectorModel(in).getMaxentModel());
        }
        assertThat(scorer).isNotNull();
    }

    @Test
    void theBoundHoldsAndTheAnswersAreBestsAnswers() throws IOException {
        List<String> texts = texts();
        // the starter data, 500 generated mails and 300 random runs, each whole and cut, and the corpora where present
        assertThat(texts).hasSizeGreaterThan(1000);
        int settled = 0;
        int scored = 0;
        for (String text : texts) {
            double[] exact = scorer.logSums(text);
            CoarseRows.Sums coarse = scorer.coarseSums(text);
            if (exact == null) {
                assertThat(coarse).isNull();
                assertThat(scorer.decide(text, 1.3)).isNull();
                continue;
            }
            scored++;
            for (int l = 0; l < exact.length; l++) {
                assertThat(Math.abs(coarse.sums()[l] - exact[l])).as(text).isLessThanOrEqualTo(coarse.bound());
            }
            for (double lead : new double[] { 1.3, 1.0, 1.05, 2, 10 }) {
                LanguageScorer.Best best = scorer.best(text);
                String expected = best.confidence() >= lead * best.runnerUp() ? best.language() : "";
                assertThat(scorer.decide(text, lead)).as(lead + " " + text).isEqualTo(expected);
            }
            settled += coarse.decide(languages(exact.length), Math.log(1.3)) != null ? 1 : 0;
        }
        // the 16-bit rows settle nearly every text by themselves (else they would only add work)
        System.out.printf("LanguageDecisionTest: %d of %d scored texts settled by the 16-bit rows%n", settled, scored);
        assertThat(settled).isGreaterThan(scored * 9 / 10);
    }

    @Test
    void detectionGivesTheExactAnswer() throws IOException {
        LanguageDetection detection = new LanguageDetection(20);
        for (String text : texts()) {
            assertThat(detection.detect(text)).as(text).isEqualTo(detection.detectExactly(text));
        }
    }

    private static String[] languages(int n) {
        String[] names = new String[n];
        java.util.Arrays.fill(names, "x");
        return names;
    }

    /** Whole texts and their first 300 chars (what detection scores), and random runs of the model's chars. */
    private static List<String> texts() throws IOException {
        List<String> whole = new ArrayList<>();
        try (Stream<Path> folders = Files.list(Path.of("classifiers"))) {
            for (Path folder : folders.sorted().toList()) {
                TrainingData.read(folder.resolve(ClassifierRegistry.DATA_FILE)).forEach(t -> whole.add(t.text()));
            }
        }
        CorpusSamples.addPublicTexts(whole);
        MessageParser parser = new MessageParser();
        MailGenerator.generate(MailGenerator.Options.of(11, 500)).stream()
                .map(m -> parser.parse(RawMessage.of(m.bytes(), "imap", "support")))
                .forEach(p -> whole.add(p.newContent() == null || p.newContent().isBlank() ? p.subject() : p.newContent()));
        Random random = new Random(16);
        String alphabet = "abcdefghijklmnopqrstuvwxyz äöüßéèàçñ ЖжИиКкЛл αβγδ 日本語中文 ";
        for (int i = 0; i < 300; i++) {
            StringBuilder soup = new StringBuilder();
            for (int c = random.nextInt(400); c > 0; c--) {
                soup.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            whole.add(soup.toString());
        }
        whole.addAll(List.of("", " ", "x", "ab", "e-mail", "Deseret 𐐀𐐁𐐂 letters", "😀😀😀"));
        List<String> texts = new ArrayList<>();
        for (String t : whole) {
            if (t == null) {
                continue;
            }
            texts.add(t);
            if (t.length() > LanguageDetection.SAMPLE_CHARS) {
                texts.add(t.substring(0, LanguageDetection.SAMPLE_CHARS));
            }
        }
        return texts;
    }
}
