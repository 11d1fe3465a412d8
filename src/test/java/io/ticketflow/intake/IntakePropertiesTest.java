package io.ticketflow.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ticketflow.intake.IntakeProperties.Mailbox;
import org.junit.jupiter.api.Test;

class IntakePropertiesTest {

    private static Mailbox mailbox(String name, String protocol, String host, String username) {
        return Mailbox.of(name, protocol, host, null, username, "secret");
    }

    private static Mailbox full(String name, String protocol, String host, Integer port, String username, String folder,
            Long delay, Integer timeout, Boolean enabled) {
        return new Mailbox(name, protocol, host, port, username, null, null, null, folder, delay, timeout, enabled, null,
                null, null, null, null, null, null, null);
    }

    @Test
    void shouldDefaultProtocolFolderDelayTimeoutAndEnabled() {
        Mailbox mailbox = full("support", null, "imap.example.com", null, "support@example.com", null, null, null, null);

        assertThat(mailbox.protocol()).isEqualTo("imap");
        assertThat(mailbox.folder()).isEqualTo("INBOX");
        assertThat(mailbox.pollDelayMs()).isEqualTo(5_000L);
        assertThat(mailbox.timeoutMs()).isEqualTo(20_000);
        assertThat(mailbox.enabled()).isTrue();
    }

    @Test
    void shouldDefaultBlankFolderToInbox() {
        Mailbox mailbox = full("support", "imap", "imap.example.com", null, "u", "  ", null, null, null);

        assertThat(mailbox.folder()).isEqualTo("INBOX");
    }

    @Test
    void shouldKeepExplicitValues() {
        Mailbox mailbox = full("sales", "IMAPS", "imap.example.com", 993, "sales@example.com", "Tickets", 60_000L, 5_000,
                false);

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
        assertThat(new IntakeProperties(null, null, null).mailboxes()).isEmpty();
    }

    @Test
    void shouldDefaultAcknowledgementToFlagForImapAndDeleteForPop3() {
        assertThat(mailbox("support", "imap", "h", "u").ack()).isEqualTo(IntakeProperties.AfterSuccess.FLAG);
        assertThat(mailbox("support", "pop3s", "h", "u").ack()).isEqualTo(IntakeProperties.AfterSuccess.DELETE);
        assertThat(mailbox("support", "imap", "h", "u").flag()).isEqualTo("\\Seen");
    }

    @Test
    void shouldRequireMoveToForMoveNamingMailboxAndField() {
        assertThatThrownBy(() -> mailbox("sales", "imaps", "h", "u").withAfterSuccess("move", null).validate(4))
                .hasMessageContaining("ticketflow.intake.mailboxes[4] (sales)")
                .hasMessageContaining("move-to");
    }

    @Test
    void shouldRejectUnknownAfterSuccessNamingTheValue() {
        assertThatThrownBy(() -> mailbox("sales", "imaps", "h", "u").withAfterSuccess("archive", null).validate(0))
                .hasMessageContaining("(sales)")
                .hasMessageContaining("after-success")
                .hasMessageContaining("archive");
    }

    @Test
    void shouldRejectFlagAndMoveForPop3() {
        assertThatThrownBy(() -> mailbox("pop", "pop3", "h", "u").withAfterSuccess("flag", null).validate(0))
                .hasMessageContaining("(pop)")
                .hasMessageContaining("POP3");
    }

    @Test
    void shouldRejectNonPositiveLimitsNamingTheField() {
        assertThatThrownBy(() -> mailbox("support", "imap", "h", "u").withLimits(0, 10, 1000).validate(0))
                .hasMessageContaining("max-message-bytes");
        assertThatThrownBy(() -> mailbox("support", "imap", "h", "u").withLimits(10, 10, 0).validate(0))
                .hasMessageContaining("timeout-ms");
    }

    @Test
    void shouldRejectNamesThatCannotBeRouteOrDocumentIds() {
        assertThatThrownBy(() -> mailbox("sup port/x", "imap", "h", "u").validate(0))
                .hasMessageContaining("name may contain only");
    }

    @Test
    void shouldRefuseZeroAttempts() {
        assertThatThrownBy(() -> new IntakeProperties(null, null, 0)).hasMessageContaining("max-attempts");
    }
}
