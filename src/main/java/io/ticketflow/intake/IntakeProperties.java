package io.ticketflow.intake;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.Name;
import org.springframework.boot.convert.DurationUnit;

/**
 * The mailboxes Ticketflow polls, as data: adding a mailbox needs no Java. They live in {@code config/mailboxes.yml}
 * (imported by application.yml) or directly under {@code ticketflow.intake}; see docs/ingestion.md.
 *
 * <pre>
 * ticketflow:
 *   intake:
 *     mailboxes:
 *       - name: support
 *         protocol: imaps
 *         host: imap.example.com
 *         username: support@example.com
 *         password-env: SUPPORT_IMAP_PASSWORD   # or password-file: /run/secrets/support-imap
 *         after-success: move
 *         move-to: Processed
 * </pre>
 *
 * @param maxAttempts     attempts (counted on the raw record, across restarts) before a message is quarantined
 * @param pollingEnabled  off for command-line tools (import, replay) so they never compete with the running service
 * @param workers         messages of one poll processed at the same time (mail of one conversation or sender always
 *                        in arrival order); most of a message's time is spent waiting for Elasticsearch, so this is
 *                        well above the number of cores
 * @param idleKeepAlive   how often an IMAP connection waiting in IDLE is woken with a NOOP (key
 *                        {@code idle-keep-alive-ms}; a plain number is milliseconds, {@code 4m} works too): servers and
 *                        NAT boxes drop connections that stay silent longer (RFC 2177 allows 29 minutes, many cut at 5)
 * @param batchesInFlight how many full batches ({@code max-messages-per-poll} each) an IMAP poll has in the intake at
 *                        once during a backlog: the next one is fetched, kept and decided while the one before it
 *                        writes, so the cores do not idle between batches (1: one after the other)
 */
@ConfigurationProperties("ticketflow.intake")
public record IntakeProperties(List<Mailbox> mailboxes, Boolean pollingEnabled, Integer maxAttempts, Integer workers,
        @Name("idle-keep-alive-ms") @DurationUnit(ChronoUnit.MILLIS) Duration idleKeepAlive, Integer batchesInFlight) {

    @ConstructorBinding
    public IntakeProperties {
        mailboxes = mailboxes == null ? List.of() : List.copyOf(mailboxes);
        pollingEnabled = pollingEnabled == null || pollingEnabled;
        maxAttempts = maxAttempts == null ? 3 : maxAttempts;
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("ticketflow.intake.max-attempts must be at least 1, not " + maxAttempts);
        }
        workers = workers == null ? 64 : workers;
        if (workers < 1) {
            throw new IllegalArgumentException("ticketflow.intake.workers must be at least 1, not " + workers);
        }
        idleKeepAlive = idleKeepAlive == null ? Duration.ofMinutes(4) : idleKeepAlive;
        if (idleKeepAlive.isNegative() || idleKeepAlive.isZero()) {
            throw new IllegalArgumentException("ticketflow.intake.idle-keep-alive-ms must be positive, not "
                    + idleKeepAlive);
        }
        batchesInFlight = batchesInFlight == null ? 2 : batchesInFlight;
        if (batchesInFlight < 1) {
            throw new IllegalArgumentException("ticketflow.intake.batches-in-flight must be at least 1, not "
                    + batchesInFlight);
        }
    }

    /** What happens to a mail on the server once it ended as a ticket message, a screened or a quarantined record. */
    public enum AfterSuccess {
        /** set {@link Mailbox#flag()} (default {@code \Seen}); progress is the UID checkpoint, never the flag */
        FLAG,
        /** move to {@link Mailbox#moveTo()} (IMAP MOVE, else COPY + \Deleted + UID EXPUNGE of our own UIDs only) */
        MOVE,
        /** delete (IMAP: \Deleted + UID EXPUNGE of our own UIDs; POP3: DELE) */
        DELETE,
        /** leave the mail untouched; the checkpoint alone remembers it */
        NONE;

        static AfterSuccess of(String value, String label) {
            if (value == null || value.isBlank()) {
                return null;
            }
            try {
                return valueOf(value.strip().toUpperCase(Locale.ROOT));
            }
            catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(label + ": after-success must be flag, move, delete or none, not " + value);
            }
        }
    }

    /**
     * One polled mailbox.
     *
     * @param protocol          imap, imaps, pop3 or pop3s
     * @param password          only for settings that do not come from a file (command line, environment variable,
     *                          the embedded defaults); a literal password in a YAML file is refused at start
     * @param passwordEnv       name of the environment variable holding the password
     * @param passwordFile      file holding the password (a trailing newline is ignored), e.g. a container secret
     * @param pollDelay         time between polls (with IDLE: the fallback when the server pushes nothing); key
     *                          {@code poll-delay-ms}: a plain number is milliseconds, {@code 30s} or {@code 2m} work too
     * @param timeout           connect, read and write timeout of every mail server socket (key {@code timeout-ms})
     * @param afterSuccess      flag (default), move, delete or none
     * @param moveTo            target folder for {@code after-success: move}
     * @param flag              flag set by {@code after-success: flag}: {@code \Seen} (default), {@code \Flagged}, or a
     *                          keyword such as {@code $Ticketflow}
     * @param idle              use IMAP IDLE when the server supports it (default true)
     * @param maxMessageBytes   larger mail (size from the server, before the body is fetched) is quarantined as
     *                          oversized: only its first 64 KiB are stored and it stays on the server (default 25 MiB)
     * @param maxMessagesPerPoll messages handled per poll; the next poll follows at once when more are waiting
     * @param starttls          require STARTTLS on imap/pop3 (imaps/pop3s are TLS from the start)
     * @param existingMail      what the very first poll does with mail already in the folder: {@code import}
     *                          (default) or {@code skip} (connecting a mailbox with years of history must not turn it
     *                          into tickets and acknowledgements)
     */
    public record Mailbox(String name, String protocol, String host, Integer port, String username, String password,
            String passwordEnv, String passwordFile, String folder,
            @Name("poll-delay-ms") @DurationUnit(ChronoUnit.MILLIS) Duration pollDelay,
            @Name("timeout-ms") @DurationUnit(ChronoUnit.MILLIS) Duration timeout, Boolean enabled,
            String afterSuccess, String moveTo, String flag, Boolean idle, Long maxMessageBytes,
            Integer maxMessagesPerPoll, Boolean starttls, String existingMail) {

        public Mailbox {
            protocol = protocol == null ? "imap" : protocol.strip().toLowerCase(Locale.ROOT);
            folder = folder == null || folder.isBlank() ? "INBOX" : folder;
            pollDelay = pollDelay == null ? Duration.ofSeconds(5) : pollDelay;
            timeout = timeout == null ? Duration.ofSeconds(20) : timeout;
            enabled = enabled == null || enabled;
            flag = flag == null || flag.isBlank() ? "\\Seen" : flag.strip();
            idle = idle == null || idle;
            maxMessageBytes = maxMessageBytes == null ? 25L * 1024 * 1024 : maxMessageBytes;
            maxMessagesPerPoll = maxMessagesPerPoll == null ? 100 : maxMessagesPerPoll;
            starttls = starttls != null && starttls;
            existingMail = existingMail == null || existingMail.isBlank() ? "import"
                    : existingMail.strip().toLowerCase(Locale.ROOT);
        }

        /** True when the first poll only records where the folder stands, without importing what is there. */
        public boolean skipsExistingMail() {
            return "skip".equals(existingMail);
        }

        /** The short form used by code and tests: credentials inline, everything else default. */
        public static Mailbox of(String name, String protocol, String host, Integer port, String username, String password) {
            return new Mailbox(name, protocol, host, port, username, password, null, null, null, null, null, null, null,
                    null, null, null, null, null, null, null);
        }

        public Mailbox withExistingMail(String mode) {
            return new Mailbox(name, protocol, host, port, username, password, passwordEnv, passwordFile, folder,
                    pollDelay, timeout, enabled, afterSuccess, moveTo, flag, idle, maxMessageBytes, maxMessagesPerPoll,
                    starttls, mode);
        }

        public Mailbox withFolder(String newFolder) {
            return new Mailbox(name, protocol, host, port, username, password, passwordEnv, passwordFile, newFolder,
                    pollDelay, timeout, enabled, afterSuccess, moveTo, flag, idle, maxMessageBytes, maxMessagesPerPoll,
                    starttls, existingMail);
        }

        public Mailbox withAfterSuccess(String mode, String target) {
            return new Mailbox(name, protocol, host, port, username, password, passwordEnv, passwordFile, folder,
                    pollDelay, timeout, enabled, mode, target, flag, idle, maxMessageBytes, maxMessagesPerPoll,
                    starttls, existingMail);
        }

        public Mailbox withLimits(long newMaxMessageBytes, int newMaxMessagesPerPoll, Duration newTimeout) {
            return new Mailbox(name, protocol, host, port, username, password, passwordEnv, passwordFile, folder,
                    pollDelay, newTimeout, enabled, afterSuccess, moveTo, flag, idle, newMaxMessageBytes,
                    newMaxMessagesPerPoll, starttls, existingMail);
        }

        public boolean isImap() {
            return protocol.startsWith("imap");
        }

        /** The configured after-success action; POP3 has no flags or folders, so it defaults to delete there. */
        public AfterSuccess ack() {
            AfterSuccess configured = AfterSuccess.of(afterSuccess, "mailbox " + name);
            if (configured != null) {
                return configured;
            }
            return isImap() ? AfterSuccess.FLAG : AfterSuccess.DELETE;
        }

        /** Checks the fields a route needs; the message names the mailbox and the field. */
        public void validate(int index) {
            String label = label(index);
            require(name, label, "name");
            require(host, label, "host");
            require(username, label, "username");
            if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
                throw new IllegalArgumentException(label + ": name may contain only letters, digits, '.', '_' and '-'");
            }
            if (!List.of("imap", "imaps", "pop3", "pop3s").contains(protocol)) {
                throw new IllegalArgumentException(label + ": protocol must be imap, imaps, pop3 or pop3s, not " + protocol);
            }
            if (port != null && (port < 1 || port > 65535)) {
                throw new IllegalArgumentException(label + ": port must be between 1 and 65535, not " + port);
            }
            positive(pollDelay, label, "poll-delay-ms");
            positive(timeout, label, "timeout-ms");
            positive(maxMessageBytes, label, "max-message-bytes");
            positive(maxMessagesPerPoll, label, "max-messages-per-poll");
            AfterSuccess mode = AfterSuccess.of(afterSuccess, label);
            if (mode == AfterSuccess.MOVE && (moveTo == null || moveTo.isBlank())) {
                throw new IllegalArgumentException(label + ": move-to is required with after-success: move");
            }
            if (!List.of("import", "skip").contains(existingMail)) {
                throw new IllegalArgumentException(label + ": existing-mail must be import or skip, not " + existingMail);
            }
            if (!isImap() && (mode == AfterSuccess.MOVE || mode == AfterSuccess.FLAG)) {
                throw new IllegalArgumentException(label + ": after-success: " + afterSuccess
                        + " needs IMAP; POP3 supports delete or none");
            }
            if (!isImap() && !"INBOX".equalsIgnoreCase(folder)) {
                throw new IllegalArgumentException(label + ": folder must be INBOX for POP3, not " + folder);
            }
            int sources = (password != null && !password.isEmpty() ? 1 : 0) + (passwordEnv != null ? 1 : 0)
                    + (passwordFile != null ? 1 : 0);
            if (sources > 1) {
                throw new IllegalArgumentException(label + ": set only one of password-env, password-file");
            }
        }

        public String label(int index) {
            return "ticketflow.intake.mailboxes[" + index + "]" + (name == null ? "" : " (" + name + ")");
        }

        private static void require(String value, String label, String field) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(label + ": " + field + " is required");
            }
        }

        private static void positive(Duration value, String label, String field) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(label + ": " + field + " must be positive, not " + value.toMillis()
                        + " ms");
            }
        }

        private static void positive(Number value, String label, String field) {
            if (value.longValue() <= 0) {
                throw new IllegalArgumentException(label + ": " + field + " must be positive, not " + value);
            }
        }
    }
}
