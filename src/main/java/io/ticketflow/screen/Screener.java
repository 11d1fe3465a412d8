package io.ticketflow.screen;

import io.ticketflow.vocabulary.DeliveryReport;
import io.ticketflow.vocabulary.ParsedMessage;
import io.ticketflow.vocabulary.ScreeningVerdict;
import io.ticketflow.vocabulary.ScreeningVerdict.Kind;
import io.ticketflow.vocabulary.TicketflowIdentity;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Decides whether a message is from a person. Machine mail is recorded with its reason and never answered: answering
 * an auto-reply or a bounce is how mail loops start (RFC 3834 §2).
 * Checks run from the most specific (our own mail coming back) to the most general (bulk headers); the first marker
 * found decides and is named in the reason. Our own mail is recognised in code; the header and subject markers of
 * bounces, auto-replies, spam and lists are data ({@link ScreeningMarkers}), followed per kind by what needs code:
 * a parsed delivery report, the spam-score thresholds.
 */
@Component
public class Screener {

    private static final Pattern SCORE = Pattern.compile("(?:score|hits)\\s*=\\s*(-?\\d+(?:\\.\\d+)?)", Pattern.CASE_INSENSITIVE);

    private final TicketflowIdentity identity;
    private final ScreenProperties properties;
    private final ScreeningMarkers markers;

    public Screener(TicketflowIdentity identity) {
        this(identity, ScreenProperties.defaults());
    }

    /** Reads the markers file named in the settings (the shipped markers when none is); a bad file stops the start. */
    @Autowired
    public Screener(TicketflowIdentity identity, ScreenProperties properties) {
        this(identity, properties, ScreeningMarkers.load(properties.markersFile()));
    }

    Screener(TicketflowIdentity identity, ScreenProperties properties, ScreeningMarkers markers) {
        this.identity = identity;
        this.properties = properties;
        this.markers = markers;
    }

    public ScreeningVerdict screen(ParsedMessage message) {
        ScreeningVerdict verdict = ownLoop(message);
        if (verdict == null) {
            verdict = marker(Kind.BOUNCE, message);
        }
        if (verdict == null) {
            verdict = deliveryReport(message);
        }
        if (verdict == null) {
            verdict = marker(Kind.AUTO_REPLY, message);
        }
        if (verdict == null) {
            verdict = marker(Kind.SPAM, message);
        }
        if (verdict == null) {
            verdict = spamScore(message);
        }
        if (verdict == null) {
            verdict = marker(Kind.LIST, message);
        }
        return verdict == null ? ScreeningVerdict.human() : verdict;
    }

    /** Where the markers came from (the admin's file or the jar), for the start-up log. */
    public String markersSource() {
        return markers.source();
    }

    private ScreeningVerdict marker(Kind kind, ParsedMessage message) {
        for (Marker m : markers.of(kind)) {
            String reason = m.test(message);
            if (reason != null) {
                return new ScreeningVerdict(kind, reason);
            }
        }
        return null;
    }

    private ScreeningVerdict ownLoop(ParsedMessage message) {
        // the loop header was removed from the readable headers (A6) but still tells us our own mail came back
        String loop = message.controlHeader(TicketflowIdentity.LOOP_HEADER);
        if (loop != null && loop.trim().equalsIgnoreCase(identity.instanceName())) {
            return new ScreeningVerdict(Kind.OWN_LOOP, TicketflowIdentity.LOOP_HEADER + " names this instance");
        }
        if (identity.isOwnMessageId(message.messageId())) {
            return new ScreeningVerdict(Kind.OWN_LOOP, "Message-ID is one of ours: " + message.messageId());
        }
        if (identity.isOwnAddress(message.from().address())) {
            return new ScreeningVerdict(Kind.OWN_LOOP, "sent from our own address " + message.from().address());
        }
        return null;
    }

    private static ScreeningVerdict deliveryReport(ParsedMessage message) {
        DeliveryReport report = message.deliveryReport();
        return report == null ? null : new ScreeningVerdict(Kind.BOUNCE, "contains a " + report.type() + " report");
    }

    private ScreeningVerdict spamScore(ParsedMessage message) {
        String status = lower(message.header("x-spam-status"));
        Double score = number(message.header("x-spam-score"));
        if (score == null) {
            Matcher m = SCORE.matcher(status);
            score = m.find() ? Double.valueOf(m.group(1)) : null;
        }
        if (score != null && score >= properties.spamScoreThreshold()) {
            return new ScreeningVerdict(Kind.SPAM, "spam score " + score + " ≥ " + properties.spamScoreThreshold());
        }
        String level = message.header("x-spam-level");
        if (level != null && level.strip().chars().allMatch(c -> c == '*') && level.strip().length() >= properties.spamScoreThreshold()) {
            return new ScreeningVerdict(Kind.SPAM, "X-Spam-Level: " + level.strip());
        }
        Double scl = number(message.header("x-ms-exchange-organization-scl"));
        if (scl != null && scl >= properties.spamConfidenceLevel()) {
            return new ScreeningVerdict(Kind.SPAM, "X-MS-Exchange-Organization-SCL: " + message.header("x-ms-exchange-organization-scl"));
        }
        return null;
    }

    private static Double number(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Double.valueOf(value.strip().split("[\\s(]", 2)[0]);
        }
        catch (NumberFormatException e) {
            return null;
        }
    }

    private static String lower(String value) {
        return value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    }
}
