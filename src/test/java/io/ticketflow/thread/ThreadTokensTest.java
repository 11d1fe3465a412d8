package io.ticketflow.thread;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.vocabulary.TicketflowIdentity;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ThreadTokensTest {

    private static final TicketflowIdentity IDENTITY = new TicketflowIdentity(List.of("support@ticketflow.local"),
            "support@ticketflow.local", "Support", "ticketflow.local", "TF", "ticketflow", "");

    private final ThreadTokens tokens = new ThreadTokens(IDENTITY, () -> "s3cret");
    private final ThreadTokens otherInstall = new ThreadTokens(IDENTITY, () -> "another secret");

    @Test
    void mintedMessageIdVerifiesAndNamesItsTicket() {
        String id = tokens.newMessageId("100042");
        assertThat(id).startsWith("tf.100042.").endsWith("@ticketflow.local");
        assertThat(tokens.verifyMessageId(id)).isEqualTo(new ThreadTokens.Verified(ThreadTokens.Check.VALID, "100042"));
        assertThat(tokens.verifyMessageId("<" + id.toUpperCase() + ">").check()).isEqualTo(ThreadTokens.Check.VALID);
        assertThat(tokens.newMessageId("100042")).isNotEqualTo(id);
    }

    @Test
    void changedTicketNumberOrOtherSecretIsForged() {
        String id = tokens.newMessageId("100042");
        assertThat(tokens.verifyMessageId(id.replace("tf.100042.", "tf.100043.")).check())
                .isEqualTo(ThreadTokens.Check.FORGED);
        assertThat(otherInstall.verifyMessageId(id).check()).isEqualTo(ThreadTokens.Check.FORGED);
    }

    @Test
    void foreignIdsAreNotOurs() {
        assertThat(tokens.verifyMessageId("CAF=abc@mail.gmail.com").check()).isEqualTo(ThreadTokens.Check.NOT_OURS);
        assertThat(tokens.verifyMessageId("tf.100042.0123456789abcdef.0123456789abcdef0123@evil.example").check())
                .isEqualTo(ThreadTokens.Check.NOT_OURS);
        assertThat(tokens.verifyMessageId(null).check()).isEqualTo(ThreadTokens.Check.NOT_OURS);
    }

    @Test
    void noneOfHundredThousandGuessedTokensVerifies() {
        Random random = new Random(42);
        int accepted = 0;
        for (int i = 0; i < 100_000; i++) {
            byte[] nonce = new byte[8];
            byte[] mac = new byte[10];
            random.nextBytes(nonce);
            random.nextBytes(mac);
            String guess = "tf." + (100_000 + random.nextInt(1000)) + "." + HexFormat.of().formatHex(nonce) + "."
                    + HexFormat.of().formatHex(mac) + "@ticketflow.local";
            accepted += tokens.verifyMessageId(guess).check() == ThreadTokens.Check.VALID ? 1 : 0;
        }
        assertThat(accepted).isZero();
    }

    @Test
    void bodyMarkerIsFoundInQuotedReplyAndForgeryIsRecognised() {
        String marker = tokens.marker("100042");
        assertThat(marker).matches("\\[ref:TF-100042-[0-9a-f]{10}\\]");
        String reply = "Thanks, that worked.\n\n> Your request was received.\n> " + marker + "\n";
        assertThat(tokens.findMarker(reply)).contains(new ThreadTokens.Verified(ThreadTokens.Check.VALID, "100042"));
        assertThat(tokens.findMarker(reply.replace("100042", "100043")).orElseThrow().check())
                .isEqualTo(ThreadTokens.Check.FORGED);
        assertThat(tokens.findMarker("no marker here")).isEmpty();
    }
}
