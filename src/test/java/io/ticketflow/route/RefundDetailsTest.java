package io.ticketflow.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Order numbers and amounts of refund requests, in several spellings, and bounded time on hostile text. */
class RefundDetailsTest {

    @Test
    void ordersAndAmountsInTheUsualSpellings() {
        assertThat(RefundDetails.extract("Refund for order #A-12345", "please refund 1.249,90 EUR"))
                .isEqualTo(new RefundDetails("A-12345", new java.math.BigDecimal("1249.90"), "EUR"));
        RefundDetails d = RefundDetails.extract("Money back", "Order number: 778899, I paid $49.99.");
        assertThat(d.order()).isEqualTo("778899");
        assertThat(d.amount()).isEqualByComparingTo("49.99");
        assertThat(d.currency()).isEqualTo("USD");
        d = RefundDetails.extract("Rückerstattung", "Bestellnummer 4711-B, Betrag: 19,95 €");
        assertThat(d.order()).isEqualTo("4711-B");
        assertThat(RefundDetails.extract("", "Bestellung Nr. 0815").order()).isEqualTo("0815");
        assertThat(d.amount()).isEqualByComparingTo("19.95");
        assertThat(d.currency()).isEqualTo("EUR");
        d = RefundDetails.extract("refund", "GBP 1,200 for commande n° 889");
        assertThat(d.order()).isEqualTo("889");
        assertThat(d.amount()).isEqualByComparingTo("1200");
        assertThat(d.currency()).isEqualTo("GBP");
    }

    @Test
    void nothingToReadIsNull() {
        RefundDetails d = RefundDetails.extract("Refund please", "I want my money back for the order of last week.");
        assertThat(d.order()).as("an order without a digit is a word").isNull();
        assertThat(d.amount()).isNull();
        assertThat(d.isEmpty()).isTrue();
    }

    @Test
    void hostileTextTakesLinearTime() {
        String digits = "1.".repeat(200_000) + "x";
        String orders = "order ".repeat(100_000);
        long started = System.nanoTime();
        RefundDetails.extract(orders, digits);
        RefundDetails.extract("EUR " + digits, orders + "€");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    }
}
