package io.ticketflow.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DeliveryKeyTest {

    private static final String MESSAGE = """
            From: Alice <alice@example.com>
            To: support@ticketflow.local, sales@ticketflow.local
            Date: Thu, 27 Nov 2026 10:00:00 +0100
            Message-ID: <abc@client.example>
            Subject: Printer

            The printer is on fire.
            """;

    private static byte[] bytes(String s) {
        return s.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void twoDeliveriesOfOneMessageHaveOneKey() {
        byte[] toSupport = bytes("Delivered-To: support@ticketflow.local\nReceived: from mx1 by a; Thu, 27 Nov 2026\n"
                + MESSAGE);
        byte[] toSales = bytes("Delivered-To: sales@ticketflow.local\nReceived: from mx2 by b; Thu, 27 Nov 2026\n" + MESSAGE);

        assertThat(toSupport).isNotEqualTo(toSales);
        assertThat(DeliveryKey.of(toSupport)).isNotNull().isEqualTo(DeliveryKey.of(toSales));
    }

    @Test
    void sameMessageIdWithAnotherBodyIsAnotherMessage() {
        String forged = MESSAGE.replace("The printer is on fire.", "Please wire money.");

        assertThat(DeliveryKey.of(bytes(forged))).isNotEqualTo(DeliveryKey.of(bytes(MESSAGE)));
    }

    @Test
    void sameMessageIdFromAnotherSenderIsAnotherMessage() {
        String forged = MESSAGE.replace("alice@example.com", "mallory@evil.example");

        assertThat(DeliveryKey.of(bytes(forged))).isNotEqualTo(DeliveryKey.of(bytes(MESSAGE)));
    }

    @Test
    void lineEndingsAndTrailingBlankLinesDoNotMatter() {
        assertThat(DeliveryKey.of(MESSAGE.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(DeliveryKey.of(bytes(MESSAGE + "\n\n")));
    }

    @Test
    void messageWithoutMessageIdHasNoKey() {
        assertThat(DeliveryKey.of(bytes(MESSAGE.replace("Message-ID: <abc@client.example>\n", "")))).isNull();
    }
}
