package io.ticketflow.lifecycle;

import io.ticketflow.store.EventLog;
import io.ticketflow.store.TicketStore;
import io.ticketflow.store.Versioned;
import io.ticketflow.ticket.LifecycleException;
import io.ticketflow.ticket.LifecycleException.Kind;
import io.ticketflow.ticket.Review;
import io.ticketflow.ticket.Ticket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Quality review of solved tickets: the rubric of {@code config/review.yml} (reloaded when edited; a bad edit keeps the
 * running one), the sampling mark the follow-up sweep sets once per ticket, and a reviewer's scores. Scores are stored
 * on the ticket ({@code review.*}, with their share of the rubric's maximum for Kibana) and as a {@code reviewed} event.
 */
@Component
public class QualityReviews {

    private static final Logger log = LoggerFactory.getLogger(QualityReviews.class);
    private static final int NOTE_CHARS = 2000;

    private final Path file;
    private final TicketStore tickets;
    private final EventLog events;
    private final Clock clock;
    private volatile ReviewConfig config;
    private volatile String loadedStamp;
    private volatile String lastError;

    public QualityReviews(ReviewProperties properties, TicketStore tickets, EventLog events, Clock clock) {
        this.file = Path.of(properties.file());
        this.tickets = tickets;
        this.events = events;
        this.clock = clock;
        this.loadedStamp = stamp();
        this.config = load();
    }

    /** The rubric and sampling in force; null without a review file. */
    public ReviewConfig config() {
        return config;
    }

    /** ISO week of an instant in the review zone, {@code 2026-W49}. */
    public static String week(Instant at, ZoneId zone) {
        var date = at.atZone(zone);
        return String.format("%d-W%02d", date.get(IsoFields.WEEK_BASED_YEAR), date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    /**
     * Puts a solved ticket into the review queue for its agent and week, unless it was sampled before (compare-and-set:
     * two instances sampling at once mark it once). True when this call sampled it.
     */
    public boolean sample(String number, String agent, String week) {
        Instant now = clock.instant();
        boolean[] sampled = new boolean[1];
        tickets.update(number, t -> {
            sampled[0] = t.review() == null;
            return sampled[0] ? t.withReview(new Review(agent, week, now, null, null, null, null, null)) : t;
        });
        if (sampled[0]) {
            events.record(EventLog.Event.of("review-sampled", number, null, 0, "sampled for the quality review of "
                    + agent + " in " + week));
        }
        return sampled[0];
    }

    /** A reviewer's scores: every criterion of the rubric once, each within its scale. */
    public Ticket score(String number, Map<String, Integer> scores, String reviewer, String note) {
        ReviewConfig c = config;
        if (c == null) {
            throw new LifecycleException(Kind.CONFLICT, "no review rubric configured (" + file + ")");
        }
        validate(c, scores);
        Versioned<Ticket> found = tickets.find(number);
        if (found == null) {
            throw new LifecycleException(Kind.NOT_FOUND, "no ticket " + number);
        }
        String cleanNote = note == null ? null : clean(note);
        int total = scores.values().stream().mapToInt(Integer::intValue).sum();
        double share = c.maximum() == c.minimum() ? 1.0
                : Math.round((total - c.minimum()) * 1000.0 / (c.maximum() - c.minimum())) / 1000.0;
        Instant now = clock.instant();
        String[] before = new String[1];
        Ticket t = tickets.update(number, current -> {
            if (!current.status().isDone() && current.review() == null) {
                throw new LifecycleException(Kind.CONFLICT, "ticket " + number + " is not solved: only solved "
                        + "tickets are reviewed");
            }
            Review r = current.review();
            before[0] = r == null || r.score() == null ? null : String.valueOf(r.score());
            String agent = r != null ? r.agent() : current.triage().assignee();
            String week = r != null ? r.week() : week(current.lifecycle().resolvedAt() != null
                    ? current.lifecycle().resolvedAt() : now, c.zone());
            return current.withReview(new Review(agent, week, r == null ? null : r.sampledAt(),
                    new LinkedHashMap<>(scores), share, reviewer, now, cleanNote));
        });
        events.record(EventLog.Event.of("reviewed", number, null, 0, "reviewed by " + reviewer + ": " + scores)
                .withChange("review.score", before[0], String.valueOf(share)));
        return t;
    }

    private static void validate(ReviewConfig c, Map<String, Integer> scores) {
        if (scores == null || scores.isEmpty()) {
            throw new LifecycleException(Kind.INVALID, "send scores for " + c.criteria());
        }
        for (Map.Entry<String, Integer> s : scores.entrySet()) {
            ReviewConfig.Criterion criterion = c.rubric().get(s.getKey());
            if (criterion == null) {
                throw new LifecycleException(Kind.INVALID, "unknown criterion \"" + s.getKey() + "\" (the rubric has "
                        + c.criteria() + ")");
            }
            if (s.getValue() == null || s.getValue() < criterion.min() || s.getValue() > criterion.max()) {
                throw new LifecycleException(Kind.INVALID, s.getKey() + " must be a whole number from " + criterion.min()
                        + " to " + criterion.max() + " (got " + s.getValue() + ")");
            }
        }
        TreeSet<String> missing = new TreeSet<>(c.rubric().keySet());
        missing.removeAll(scores.keySet());
        if (!missing.isEmpty()) {
            throw new LifecycleException(Kind.INVALID, "scores missing for " + missing);
        }
    }

    /** Reloads the file if it changed; a bad edit is reported and the running rubric stays. */
    public synchronized String reloadIfChanged() {
        String stamp = stamp();
        if (!stamp.equals(loadedStamp)) {
            loadedStamp = stamp;
            try {
                config = load();
                lastError = null;
                log.info("Review rubric reloaded from {}", file);
            }
            catch (RuntimeException e) {
                lastError = e.getMessage();
                log.error("Review rubric NOT reloaded, the running one stays: {}", e.getMessage());
            }
        }
        return lastError;
    }

    private ReviewConfig load() {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return ReviewConfigLoader.load(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private String stamp() {
        try {
            return !Files.isRegularFile(file) ? "absent"
                    : Files.getLastModifiedTime(file).toMillis() + ":" + Files.size(file);
        }
        catch (IOException e) {
            return "unreadable";
        }
    }

    private static String clean(String note) {
        String c = note.replaceAll("[\\p{Cntrl}&&[^\n]]", " ").strip();
        c = c.length() > NOTE_CHARS ? c.substring(0, NOTE_CHARS) : c;
        return c.isEmpty() ? null : c;
    }
}
