package io.ticketflow.source.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** X-Hub-Signature-256 on the raw bytes, with a known HMAC-SHA256 vector. */
class WhatsAppSignatureTest {

    private static final byte[] BODY = "{\"object\":\"whatsapp_business_account\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void theSignatureIsTheHmacOfTheRawBytesWithTheAppSecret() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?"
        assertThat(WhatsAppSignature.header("what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII), "Jefe"))
                .isEqualTo("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        String header = WhatsAppSignature.header(BODY, "secret");
        assertThat(WhatsAppSignature.valid(BODY, header, "secret")).isTrue();
        assertThat(WhatsAppSignature.valid(BODY, header.toUpperCase().replace("SHA256=", "sha256="), "secret")).isTrue();
    }

    @Test
    void anythingElseIsRefused() {
        String header = WhatsAppSignature.header(BODY, "secret");
        assertThat(WhatsAppSignature.valid(BODY, header, "other")).isFalse();
        assertThat(WhatsAppSignature.valid((new String(BODY) + " ").getBytes(StandardCharsets.UTF_8), header, "secret")).isFalse();
        assertThat(WhatsAppSignature.valid(BODY, header.replace("sha256=", "sha1="), "secret")).isFalse();
        assertThat(WhatsAppSignature.valid(BODY, "sha256=zz", "secret")).isFalse();
        assertThat(WhatsAppSignature.valid(BODY, null, "secret")).isFalse();
        assertThat(WhatsAppSignature.valid(BODY, header, null)).isFalse();
    }
}
