package io.ticketflow.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ticketflow.ingest.IntakeProperties.Mailbox;
import org.junit.jupiter.api.Test;

class IntakePropertiesTest {

    private static Mailbox mailbox(String name, String protocol, String host, String username) {
        return new Mailbox(name, protocol, host, null, username, "secret", null, null, null, null);
    }

    @Test
    void shouldDefaultProtocolFolderDelayTimeoutAndEnabled() {
        Mailbox mailbox = new Mailbox("support", null, "imap.example.com", null, "support@example.com", null, null, null,
                null, null);

        assertThat(mailbox.protocol()).isEqualTo("imap");
        assertThat(mailbox.folder()).isEqualTo("INBOX");
        assertThat(mailbox.pollDelayMs()).isEqualTo(5_000L);
        assertThat(mailbox.timeoutMs()).isEqualTo(20_000);
        assertThat(mailbox.enabled()).isTrue();
    }

    @Test
    void shouldDefaultBlankFolderToInbox() {
        Mailbox mailbox = new Mailbox("support", "imap", "imap.example.com", null, "u", null, "  ", null, null, null);

        assertThat(mailbox.folder()).isEqualTo("INBOX");
    }

    @Test
    void shouldKeepExplicitValues() {
        Mailbox mailbox = new Mailbox("sales", "IMAPS", "imap.example.com", 993, "sales@example.com", "pw", "Tickets",
                60_000L, 5_000, false);

        assertThat(mailbox.protocol()).isEqualTo("imaps");
        assertThat(mailbox.folder()).isEqualTo("Tickets");
        assertThat(mailbox.pollDelayMs()).isEqualTo(60_000L);
        assertThat(mailbox.timeoutMs()).isEqualTo(5_000);
        assertThat(mailbox.enabled()).isFalse();
    }

    @Test
    void shouldAcceptCompleteMailbox() {
        assertThatCode(() -> mailbox("support", "pop3s", "pop.example.com", "support@example.com").validate(0))
                .doesNotThrowAnyException();
    }

    @Test
    void shouldNameMailboxIndexNameAndFieldWhenHostIsMissing() {
        assertThatThrownBy(() -> mailbox("support", "imaps", null, "support@example.com").validate(2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ticketflow.intake.mailboxes[2]")
                .hasMessageContaining("support")
                .hasMessageContaining("host");
    }

    @Test
    void shouldTreatBlankHostAsMissing() {
        assertThatThrownBy(() -> mailbox("support", "imaps", "  ", "support@example.com").validate(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host is required");
    }

    @Test
    void shouldNameFieldWhenUsernameIsMissing() {
        assertThatThrownBy(() -> mailbox("support", "imaps", "imap.example.com", null).validate(1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ticketflow.intake.mailboxes[1] (support)")
                .hasMessageContaining("username");
    }

    @Test
    void shouldNameIndexWhenNameIsMissing() {
        assertThatThrownBy(() -> mailbox(null, "imap", "imap.example.com", "u").validate(3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ticketflow.intake.mailboxes[3]")
                .hasMessageContaining("name is required");
    }

    @Test
    void shouldRejectUnknownProtocolNamingTheMailboxAndValue() {
        assertThatThrownBy(() -> mailbox("support", "smtp", "imap.example.com", "u").validate(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ticketflow.intake.mailboxes[0] (support)")
                .hasMessageContaining("protocol")
                .hasMessageContaining("smtp");
    }

    @Test
    void shouldTreatMissingMailboxListAsEmpty() {
        assertThat(new IntakeProperties(null, null).mailboxes()).isEmpty();
    }
}
