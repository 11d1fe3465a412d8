package io.ticketflow.ingest;

import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The mailboxes Ticketflow polls, as data: adding a mailbox needs no Java.
 *
 * <pre>
 * ticketflow:
 *   intake:
 *     mailboxes:
 *       - name: support
 *         protocol: imaps
 *         host: imap.example.com
 *         username: support@example.com
 *         password: ${SUPPORT_IMAP_PASSWORD}   # from the environment, never written in the file
 * </pre>
 */
@ConfigurationProperties("ticketflow.intake")
public record IntakeProperties(List<Mailbox> mailboxes, Boolean pollingEnabled) {

    public IntakeProperties {
        mailboxes = mailboxes == null ? List.of() : List.copyOf(mailboxes);
        // off for command-line tools (import, replay) so they never compete with the running service
        pollingEnabled = pollingEnabled == null || pollingEnabled;
    }

    /**
     * One polled mailbox.
     *
     * @param protocol    imap, imaps, pop3 or pop3s
     * @param pollDelayMs time between polls
     * @param timeoutMs   connect and read timeout of the mail server socket
     */
    public record Mailbox(String name, String protocol, String host, Integer port, String username, String password,
            String folder, Long pollDelayMs, Integer timeoutMs, Boolean enabled) {

        public Mailbox {
            protocol = protocol == null ? "imap" : protocol.toLowerCase(Locale.ROOT);
            folder = folder == null || folder.isBlank() ? "INBOX" : folder;
            pollDelayMs = pollDelayMs == null ? 5_000L : pollDelayMs;
            timeoutMs = timeoutMs == null ? 20_000 : timeoutMs;
            enabled = enabled == null || enabled;
        }

        /** Checks the fields a route needs; the message names the mailbox and the field. */
        public void validate(int index) {
            String label = "ticketflow.intake.mailboxes[" + index + "]" + (name == null ? "" : " (" + name + ")");
            require(name, label, "name");
            require(host, label, "host");
            require(username, label, "username");
            if (!List.of("imap", "imaps", "pop3", "pop3s").contains(protocol)) {
                throw new IllegalArgumentException(label + ": protocol must be imap, imaps, pop3 or pop3s, not " + protocol);
            }
        }

        private static void require(String value, String label, String field) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(label + ": " + field + " is required");
            }
        }
    }
}
