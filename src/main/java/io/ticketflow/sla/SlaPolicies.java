package io.ticketflow.sla;

import io.ticketflow.ticket.Ticket;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * The SLA policies in force (from {@code config/sla.yml}, else the copy inside the jar) and what they mean for a ticket:
 * which policy applies, when the first response and the resolution are due, where escalations go. An invalid file
 * stops startup with its errors; an invalid edit of a running installation is reported (health, log) and the last
 * good policies stay in force.
 */
@Component
public class SlaPolicies {

    private static final Logger log = LoggerFactory.getLogger(SlaPolicies.class);

    /** @param file path of the SLA file; absent → the default policies shipped inside the jar */
    @ConfigurationProperties("ticketflow.sla")
    public record Properties(String file) {
        public Properties {
            file = file == null || file.isBlank() ? "config/sla.yml" : file;
        }
    }

    private final Path file;
    private volatile SlaConfig config;
    private volatile String loadedStamp;
    private volatile String lastError;

    public SlaPolicies(Properties properties) {
        this.file = Path.of(properties.file());
        this.loadedStamp = stamp();
        this.config = Files.isRegularFile(file) ? SlaConfigLoader.load(file.toString(), read(file)) : builtIn();
    }

    public SlaConfig config() {
        return config;
    }

    /** The explicit policy of the ticket (routing), else its queue's, else the default. */
    public SlaPolicy policyFor(Ticket ticket) {
        SlaConfig c = config;
        SlaPolicy explicit = c.policy(ticket.sla().policy());
        if (explicit != null) {
            return explicit;
        }
        SlaConfig.Queue queue = ticket.triage().queue() == null ? null : c.queues().get(ticket.triage().queue());
        SlaPolicy byQueue = queue == null ? null : c.policy(queue.policy());
        return byQueue != null ? byQueue : c.policy(c.defaultPolicy());
    }

    public BusinessCalendar calendarOf(SlaPolicy policy) {
        return config.calendars().get(policy.calendar());
    }

    /** The ticket's queue's calendar (its business hours and holidays), else its policy's. */
    public BusinessCalendar calendarFor(Ticket ticket) {
        SlaConfig c = config;
        SlaConfig.Queue queue = ticket.triage().queue() == null ? null : c.queues().get(ticket.triage().queue());
        BusinessCalendar own = queue == null || queue.calendar() == null ? null : c.calendars().get(queue.calendar());
        return own != null ? own : calendarOf(policyFor(ticket));
    }

    public SlaPolicy.Targets targetsFor(Ticket ticket) {
        return policyFor(ticket).targetsFor(ticket.triage().priority());
    }

    /** The ticket with its policy name and due times, counted from its creation (kept if already set). */
    public Ticket withDueTimes(Ticket ticket) {
        if (ticket.sla().firstResponseDueAt() != null && ticket.sla().resolutionDueAt() != null
                && ticket.sla().policy() != null) {
            return ticket;
        }
        return ticket.withSla(recomputed(ticket));
    }

    /** Due times for the ticket's current policy and priority (after an agent changed queue or priority). */
    public Ticket.Sla recomputed(Ticket ticket) {
        SlaPolicy policy = policyFor(ticket);
        BusinessCalendar calendar = calendarFor(ticket);
        SlaPolicy.Targets targets = policy.targetsFor(ticket.triage().priority());
        Instant from = ticket.createdAt();
        Ticket.Sla s = ticket.sla();
        // the ended pauses of the SLA clock do not count against the targets
        Duration paused = ticket.clock().paused();
        return new Ticket.Sla(policy.name(), calendar.plusBusinessTime(from, targets.firstResponse().plus(paused)),
                calendar.plusBusinessTime(from, targets.resolution().plus(paused)), s.firstResponseBreached(),
                s.resolutionBreached(), s.escalations(), s.escalated());
    }

    /** Where escalation notices of the ticket's queue go: the queue's address, else the general one (may be null). */
    public String escalationAddress(Ticket ticket) {
        SlaConfig c = config;
        SlaConfig.Queue queue = ticket.triage().queue() == null ? null : c.queues().get(ticket.triage().queue());
        return queue != null && queue.address() != null ? queue.address() : c.escalationAddress();
    }

    /** "4 business hours", "30 business minutes": the first-response target, for the customer. */
    public static String describe(Duration target) {
        long minutes = target.toMinutes();
        if (minutes % 60 == 0) {
            long h = minutes / 60;
            return h + (h == 1 ? " business hour" : " business hours");
        }
        return minutes + " business minutes";
    }

    /** Reloads the file if it changed; a bad edit is reported and the running policies stay. */
    public synchronized String reloadIfChanged() {
        if (file == null) {
            return null;
        }
        String stamp = stamp();
        if (stamp.equals(loadedStamp)) {
            return lastError;
        }
        loadedStamp = stamp;
        try {
            config = Files.isRegularFile(file) ? SlaConfigLoader.load(file.toString(), read(file)) : builtIn();
            lastError = null;
            log.info("SLA policies reloaded from {}", file);
        }
        catch (RuntimeException e) {
            lastError = e.getMessage();
            log.error("SLA policies NOT reloaded, the running ones stay: {}", e.getMessage());
        }
        return lastError;
    }

    public String lastError() {
        return lastError;
    }

    private String stamp() {
        try {
            return file == null || !Files.isRegularFile(file) ? "absent"
                    : Files.getLastModifiedTime(file).toMillis() + ":" + Files.size(file);
        }
        catch (IOException e) {
            return "unreadable";
        }
    }

    private static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    private static SlaConfig builtIn() {
        try (InputStream in = SlaPolicies.class.getResourceAsStream("/sla.yml")) {
            if (in == null) {
                throw new IllegalStateException("no config/sla.yml and no sla.yml inside the jar");
            }
            return SlaConfigLoader.load("classpath:sla.yml", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
