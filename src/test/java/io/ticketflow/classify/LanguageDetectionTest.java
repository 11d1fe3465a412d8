package io.ticketflow.classify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LanguageDetectionTest {

    static final LanguageDetection detector = new LanguageDetection(20);

    @Test
    void detectsCommonSupportLanguagesAsIso6393() {
        assertThat(detector.detect("Hello, my order arrived damaged and I would like to get a refund as soon as possible."))
                .isEqualTo("eng");
        assertThat(detector.detect("Guten Tag, meine Bestellung ist beschädigt angekommen und ich möchte mein Geld zurück."))
                .isEqualTo("deu");
        assertThat(detector.detect("Bonjour, ma commande est arrivée cassée et je voudrais être remboursé rapidement."))
                .isEqualTo("fra");
        assertThat(detector.detect("Hola, mi pedido llegó roto y quisiera que me devuelvan el dinero lo antes posible."))
                .isEqualTo("spa");
    }

    @Test
    void theFirstCharactersOfALongTextDecide() {
        String german = "Guten Tag, meine Bestellung ist beschädigt angekommen und ich möchte mein Geld zurück. ";
        String english = "Hello, my order arrived damaged and I would like to get a refund as soon as possible. ";
        assertThat(detector.detect(german.repeat(40))).isEqualTo("deu");
        // the sample is the first SAMPLE_CHARS characters: what the customer wrote first
        String englishFirst = english.repeat(LanguageDetection.SAMPLE_CHARS / english.length() + 1) + german.repeat(40);
        assertThat(detector.detect(englishFirst)).isEqualTo("eng");
        assertThat(new LanguageDetection(20, Integer.MAX_VALUE).detect(englishFirst)).isEqualTo("deu");
    }

    @Test
    void shortTextIsUndetermined() {
        assertThat(detector.detect("Thanks!")).isEqualTo("und");
        assertThat(detector.detect("   ")).isEqualTo("und");
        assertThat(detector.detect(null)).isEqualTo("und");
    }
}
