package io.ticketflow.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ticketflow.intake.IntakeProperties.Mailbox;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class IntakePropertiesTest {

    private static Mailbox mailbox(String name, String protocol, String host, String username) {
        return Mailbox.of(name, protocol, host, null, username, "secret");
    }

    private static Mailbox full(String name, String protocol, String host, Integer port, String username, String folder,
            Duration delay, Duration timeout, Boolean enabled) {
        return new Mailbox(name, protocol, host, port, username, null, null, null, folder, delay, timeout, enabled, null,
                null, null, null, null, null, null, null);
    }

    @Test
    void shouldDefaultProtocolFolderDelayTimeoutAndEnabled() {
        Mailbox mailbox = full("support", null, "imap.example.com", null, "support@example.com", null, null, null, null);

        assertThat(mailbox.protocol()).isEqualTo("imap");
        assertThat(mailbox.folder()).isEqualTo("INBOX");
        assertThat(mailbox.pollDelay()).isEqualTo(Duration.ofMillis(5_000));
        assertThat(mailbox.timeout()).isEqualTo(Duration.ofMillis(20_000));
        assertThat(mailbox.enabled()).isTrue();
    }

    @Test
    void shouldDefaultBlankFolderToInbox() {
        Mailbox mailbox = full("support", "imap", "imap.example.com", null, "u", "  ", null, null, null);

        assertThat(mailbox.folder()).isEqualTo("INBOX");
    }

    @Test
    void shouldKeepExplicitValues() {
        Mailbox mailbox = full("sales", "IMAPS", "imap.example.com", 993, "sales@example.com", "Tickets",
                Duration.ofMillis(60_000), Duration.ofMillis(5_000), false);

        assertThat(mailbox.protocol()).isEqualTo("imaps");
        assertThat(mailbox.folder()).isEqualTo("Tickets");
        assertThat(mailbox.pollDelay()).isEqualTo(Duration.ofMillis(60_000));
        assertThat(mailbox.timeout()).isEqualTo(Duration.ofMillis(5_000));
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
        assertThat(new IntakeProperties(null, null, null, null, null, null).mailboxes()).isEmpty();
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
        assertThatThrownBy(() -> mailbox("support", "imap", "h", "u").withLimits(0, 10, Duration.ofMillis(1000)).validate(0))
                .hasMessageContaining("max-message-bytes");
        assertThatThrownBy(() -> mailbox("support", "imap", "h", "u").withLimits(10, 10, Duration.ZERO).validate(0))
                .hasMessageContaining("timeout-ms");
    }

    @Test
    void shouldRejectNamesThatCannotBeRouteOrDocumentIds() {
        assertThatThrownBy(() -> mailbox("sup port/x", "imap", "h", "u").validate(0))
                .hasMessageContaining("name may contain only");
    }

    @Test
    void shouldRefuseZeroAttempts() {
        assertThatThrownBy(() -> new IntakeProperties(null, null, 0, null, null, null)).hasMessageContaining("max-attempts");
    }

    @Test
    void shouldReadTheMillisecondKeysAdminsWriteAsPlainNumbersOrWithAUnit() {
        IntakeProperties properties = bind(Map.of(
                "ticketflow.intake.idle-keep-alive-ms", "240000",
                "ticketflow.intake.mailboxes[0].name", "support",
                "ticketflow.intake.mailboxes[0].poll-delay-ms", "5000",
                "ticketflow.intake.mailboxes[0].timeout-ms", "20000",
                "ticketflow.intake.mailboxes[1].name", "sales",
                "ticketflow.intake.mailboxes[1].poll-delay-ms", "2m",
                "ticketflow.intake.mailboxes[1].timeout-ms", "30s"));

        assertThat(properties.idleKeepAlive()).isEqualTo(Duration.ofMinutes(4));
        assertThat(properties.mailboxes().get(0).pollDelay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(properties.mailboxes().get(0).timeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(properties.mailboxes().get(1).pollDelay()).isEqualTo(Duration.ofMinutes(2));
        assertThat(properties.mailboxes().get(1).timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(bind(Map.of("ticketflow.intake.workers", "8")).idleKeepAlive()).isEqualTo(Duration.ofMinutes(4));
    }

    private static IntakeProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings)).bind("ticketflow.intake", IntakeProperties.class)
                .get();
    }
}
