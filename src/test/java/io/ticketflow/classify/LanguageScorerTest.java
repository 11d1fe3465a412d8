package io.ticketflow.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import opennlp.tools.langdetect.Language;
import opennlp.tools.langdetect.LanguageDetectorME;
import opennlp.tools.langdetect.LanguageDetectorModel;
import org.junit.jupiter.api.Test;

class LanguageScorerTest {

    @Test
    void scoresLikeOpenNlpsDetector() throws IOException {
        LanguageDetectorModel model;
        try (InputStream in = LanguageScorerTest.class.getResourceAsStream("/langdetect-183.bin")) {
            model = new LanguageDetectorModel(in);
        }
        LanguageDetectorME openNlp = new LanguageDetectorME(model);
        LanguageScorer scorer = LanguageScorer.of(model.getMaxentModel());
        assertThat(scorer).isNotNull();
        List<String> texts = texts();
        assertThat(texts).hasSizeGreaterThan(600);
        for (String text : texts) {
            Language[] ranked = openNlp.predictLanguages(text);
            LanguageScorer.Best best = scorer.best(text);
            assertThat(best.language()).as(text).isEqualTo(ranked[0].getLang());
            // the same sums in another order: equal but for the last bits
            assertThat(best.confidence()).as(text).isCloseTo(ranked[0].getConfidence(), org.assertj.core.data.Percentage.withPercentage(1e-9));
            assertThat(best.runnerUp()).as(text).isCloseTo(ranked[1].getConfidence(), org.assertj.core.data.Percentage.withPercentage(1e-9));
        }
    }

    @Test
    void textsOutsideTheBasicPlaneAreLeftToOpenNlp() {
        LanguageDetection detection = new LanguageDetection(5);
        String gothic = "Deseret 𐐀𐐁𐐂 letters in an English sentence about an order that never arrived";
        assertThat(detection.detect(gothic)).isEqualTo(detection.detectWithOpenNlp(gothic)).isEqualTo("eng");
    }

    @Test
    void detectGivesOpenNlpsAnswers() throws IOException {
        LanguageDetection detection = new LanguageDetection(20);
        for (String text : texts()) {
            assertThat(detection.detect(text)).as(text).isEqualTo(detection.detectWithOpenNlp(text));
        }
    }

    /** The starter mails (five languages) whole and cut short, and text the normalisers rewrite. */
    private static List<String> texts() throws IOException {
        List<String> texts = new ArrayList<>();
        try (Stream<Path> folders = Files.list(Path.of("classifiers"))) {
            for (Path folder : folders.sorted().toList()) {
                for (LabelledText t : TrainingData.read(folder.resolve(ClassifierRegistry.DATA_FILE))) {
                    texts.add(t.text());
                    texts.add(t.text().substring(0, t.text().length() / 3));
                }
            }
        }
        texts.addAll(List.of(
                "Bitte sehen Sie https://example.com/rechnung?id=12345 und schreiben Sie an buchhaltung@example.com 😀😀",
                "RT @support #outage the app crashes!!!!!!   since   version 2.3.1 on 12/05/2026, sooooo annoying",
                "Здравствуйте, мой заказ 74032 не пришёл, прошу вернуть деньги как можно скорее",
                "Γεια σας, η παραγγελία μου έφτασε σπασμένη και θέλω επιστροφή χρημάτων",
                "您好，我的订单还没有到，请尽快帮我查一下，谢谢",
                "مرحبا، طلبي لم يصل بعد، أرجو المساعدة في أقرب وقت",
                "ÉCRIVEZ-NOUS EN MAJUSCULES: LA FACTURE EST FAUSSE ET LE PAIEMENT A ÉTÉ DÉBITÉ DEUX FOIS",
                "x"));
        return texts;
    }
}
