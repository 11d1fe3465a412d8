package io.ticketflow.classify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextNormalizerTest {

    @Test
    void amountsDatesAndIdsBecomePlaceholders() {
        String n = TextNormalizer.normalize("Refund of €49.90 for order #A-1234 from 12.03.2025, invoice INV-2024-0113, "
                + "call 555 1234 or mail bob@example.com, see https://x.example/a?b=1, 15% off, 2025-01-14 at 14:30");
        assertThat(n).contains(TextNormalizer.AMOUNT, TextNormalizer.ORDER, TextNormalizer.DATE, TextNormalizer.INVOICE,
                TextNormalizer.EMAIL, TextNormalizer.URL, TextNormalizer.PERCENT, TextNormalizer.NUMBER, TextNormalizer.TIME);
        assertThat(n).doesNotContain("49.90", "1234", "2025", "bob@", "https");
    }

    @Test
    void orderAndInvoiceNumbersInSeveralLanguages() {
        assertThat(TextNormalizer.tokens("Bestellung Nr. 99812 und Rechnung RE-2024-553"))
                .containsSubsequence("bestellung", TextNormalizer.ORDER)
                .contains(TextNormalizer.INVOICE)
                .doesNotContain("99812", "553");
        assertThat(TextNormalizer.tokens("USD 1,200.00 and 59,00 €")).containsExactly(TextNormalizer.AMOUNT, "and",
                TextNormalizer.AMOUNT);
    }

    @Test
    void tokensAreLowerCaseWordsAndKeepAccents() {
        assertThat(TextNormalizer.tokens("Die Rückerstattung FEHLT! Où est l'argent?"))
                .containsExactly("die", "rückerstattung", "fehlt", "!", "où", "est", "l'argent", "?");
        assertThat(TextNormalizer.tokens(null)).isEmpty();
    }
}
