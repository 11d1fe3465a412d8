package io.ticketflow.vocabulary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RawMessageTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aMailIsIdentifiedByItsBytes() {
        RawMessage a = RawMessage.of(bytes("Subject: a\r\n\r\nx"), "imap", "support");
        RawMessage b = RawMessage.of(bytes("Subject: a\r\n\r\nx"), "pop3", "other");
        assertThat(a.id()).isEqualTo(b.id()).isEqualTo(RawMessage.sha256Hex(a.bytes()));
        assertThat(a.isMail()).isTrue();
        assertThat(a.contentType()).isEqualTo(RawMessage.RFC822);
        assertThat(a.externalId()).isNull();
    }

    @Test
    void aChannelMessageIsIdentifiedByChannelAndExternalIdNotByItsBytes() {
        Instant now = Instant.now();
        RawMessage first = RawMessage.ofChannel("telegram", "bot", bytes("{\"update_id\":1}"), "application/json",
                "chat-42/message-7", "chat-42", now);
        RawMessage redelivered = RawMessage.ofChannel("telegram", "bot", bytes("{\"update_id\":1,\"retry\":true}"),
                "application/json", "chat-42/message-7", "chat-42", now);
        RawMessage sameIdOtherChannel = RawMessage.ofChannel("whatsapp", "bot", bytes("{}"), "application/json",
                "chat-42/message-7", "chat-42", now);
        assertThat(first.id()).isEqualTo(redelivered.id()).isNotEqualTo(sameIdOtherChannel.id());
        assertThat(first.isMail()).isFalse();
        assertThat(first.conversationKey()).isEqualTo("chat-42");
    }

    @Test
    void aChannelMessageNeedsItsExternalId() {
        assertThatThrownBy(() -> RawMessage.ofChannel("telegram", "bot", bytes("{}"), "application/json", null, "c",
                Instant.now())).isInstanceOf(NullPointerException.class).hasMessageContaining("externalId");
    }
}
