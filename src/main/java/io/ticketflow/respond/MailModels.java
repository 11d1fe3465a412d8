package io.ticketflow.respond;

import io.ticketflow.sla.BusinessCalendar;
import io.ticketflow.sla.SlaPolicies;
import io.ticketflow.thread.SubjectTag;
import io.ticketflow.ticket.Refund;
import io.ticketflow.ticket.Ticket;
import io.ticketflow.vocabulary.RoutingDecision;
import io.ticketflow.vocabulary.TicketflowIdentity;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The variables every mail template can use. Every model has every variable (empty where it does not apply), so a
 * template that works with the sample model at load time cannot fail later for a missing variable. Documented in
 * docs/responding.md; keep that list in step with {@link #forTicket}.
 */
@Component
public class MailModels {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm z", Locale.ENGLISH);

    private final SlaPolicies slas;
    private final SubjectTag subjectTag;
    private final TicketflowIdentity identity;
    private final RatingLinks ratings;

    /** Without rating links (tools and tests): the rating variables are empty. */
    public MailModels(SlaPolicies slas, SubjectTag subjectTag, TicketflowIdentity identity) {
        this(slas, subjectTag, identity, null);
    }

    @org.springframework.beans.factory.annotation.Autowired
    public MailModels(SlaPolicies slas, SubjectTag subjectTag, TicketflowIdentity identity, RatingLinks ratings) {
        this.slas = slas;
        this.subjectTag = subjectTag;
        this.identity = identity;
        this.ratings = ratings;
    }

    /** A FAQ / knowledge-base article routing suggests with the acknowledgement. */
    public record FaqArticle(String title, String url, String summary) {
        Map<String, Object> asMap() {
            return Map.of("title", nz(title), "url", nz(url), "summary", nz(summary));
        }
    }

    public Map<String, Object> forTicket(Ticket ticket) {
        Map<String, Object> m = new LinkedHashMap<>();
        Ticket.Triage triage = ticket.triage();
        BusinessCalendar calendar = slas.calendarFor(ticket);
        m.put("ticketNumber", ticket.number());
        m.put("ticketTag", subjectTag.of(ticket.number()));
        m.put("subject", ticket.subject() == null || ticket.subject().isBlank() ? "(no subject)" : ticket.subject());
        m.put("customerName", ticket.customerName() == null || ticket.customerName().isBlank() ? nz(ticket.customer())
                : ticket.customerName());
        m.put("customerAddress", nz(ticket.customer()));
        m.put("queue", triage.queue() == null ? "general" : triage.queue());
        m.put("level", triage.level() == null ? "L0" : triage.level());
        m.put("priority", triage.priority() == null ? slas.policyFor(ticket).defaultPriority() : triage.priority());
        m.put("status", ticket.status() == null ? "" : ticket.status().label());
        m.put("language", triage.language() == null ? "eng" : triage.language());
        m.put("expectedResponse", SlaPolicies.describe(slas.targetsFor(ticket).firstResponse()));
        Instant due = ticket.sla().firstResponseDueAt() != null ? ticket.sla().firstResponseDueAt()
                : slas.withDueTimes(ticket).sla().firstResponseDueAt();
        m.put("expectedResponseBy", format(due, calendar.zone()));
        m.put("faqArticles", List.of());
        m.put("agentText", "");
        m.put("agentName", identity.fromName());
        m.put("reminderRound", 0);
        m.put("autoCloseDays", slas.config().followups().autoCloseAfterDays());
        m.put("escalationLevel", "");
        m.put("escalationReason", "");
        m.put("dueAt", "");
        // agents' notices (config/agents.yml): the event, the customer's words, an escalation's history
        m.put("notificationEvent", "");
        m.put("messageText", "");
        m.put("historySummary", "");
        // an agent's mailed commands that were not applied, and what was
        m.put("problems", List.of());
        m.put("applied", "");
        // a monitoring incident's alert (empty for every other ticket): escalation and agent notices can show it
        Ticket.Alert alert = ticket.alert();
        m.put("alertIdentity", alert == null ? "" : nz(alert.identity()));
        m.put("alertSeverity", alert == null ? "" : nz(alert.severity()));
        m.put("alertStatus", alert == null ? "" : nz(alert.status()));
        m.put("alertLabels", alert == null ? Map.of() : alert.labels());
        // the satisfaction request's one-click rating links (signed, they expire)
        m.put("csatGoodUrl", ratings == null ? "" : ratings.link(ticket.number(), "good"));
        m.put("csatBadUrl", ratings == null ? "" : ratings.link(ticket.number(), "bad"));
        m.put("supportName", identity.fromName());
        Refund refund = ticket.refund();
        m.put("refundOrder", refund == null || refund.order() == null ? "" : refund.order());
        // 49.9 as read back from the store is shown as 49.90; whole amounts stay whole
        m.put("refundAmount", refund == null || refund.amount() == null ? ""
                : (refund.amount().scale() == 1 ? refund.amount().setScale(2) : refund.amount()).toPlainString());
        m.put("refundCurrency", refund == null || refund.currency() == null ? "" : refund.currency());
        // the acknowledgement's knowledge-base suggestions and its signed "solved" link (L0 self-service)
        m.put("suggestions", List.of());
        m.put("selfServiceUrl", "");
        return m;
    }

    /** The time zone the ticket's times are shown in: its SLA calendar's. */
    public ZoneId zoneOf(Ticket ticket) {
        return slas.calendarFor(ticket).zone();
    }

    /** The decision's knowledge-base suggestions as the acknowledgement template sees them (a link or a title). */
    public static List<FaqArticle> faqArticles(RoutingDecision routing) {
        return routing.faqArticles().stream()
                .map(f -> f.startsWith("http://") || f.startsWith("https://") ? new FaqArticle(f, f, null)
                        : new FaqArticle(f, null, null))
                .toList();
    }

    /** The signed link that closes the ticket as solved by the customer (empty without signing). */
    public String selfServiceLink(String ticket) {
        return ratings == null ? "" : ratings.selfServiceLink(ticket);
    }

    public static List<Map<String, Object>> faq(List<FaqArticle> articles) {
        return articles == null ? List.of() : articles.stream().map(FaqArticle::asMap).toList();
    }

    public static String format(Instant at, ZoneId zone) {
        return at == null ? "" : WHEN.format(at.atZone(zone));
    }

    /** A model with every variable filled (lists with one entry), for checking templates and for previews. */
    public Map<String, Object> sample() {
        Ticket ticket = Ticket.open("100001", "imap", "jane.doe@example.com", "Jane <Doe> & Co", "Printer on fire <b>now</b>",
                Instant.parse("2026-03-02T09:00:00Z"));
        Map<String, Object> m = forTicket(ticket);
        m.put("faqArticles", faq(List.of(new FaqArticle("Resetting a printer", "https://help.example.com/printer-reset",
                "Hold the power button for ten seconds."))));
        m.put("agentText", "Hello Jane,\n\nplease try turning it off and on again.\n\nBest regards");
        m.put("suggestions", KnowledgeBase.model(List.of(new KnowledgeBase.Suggestion("printer-offline",
                "My printer shows as offline", "", "Restart the printer and check its network cable.",
                "Restart the printer and check its network cable.\n\nStill offline? Reply to this mail.", 9.5))));
        m.put("selfServiceUrl", selfServiceLink(ticket.number()));
        m.put("reminderRound", 1);
        m.put("escalationLevel", "L1");
        m.put("escalationReason", "first response due in 1 business hour");
        m.put("notificationEvent", "created");
        m.put("messageText", "My printer is on fire. Please help!");
        m.put("problems", List.of("#assign: no agent 'mraia' in agents.yml"));
        m.put("applied", "reply sent to the customer");
        m.put("historySummary", "Status: open\n- 2026-03-02 10:00 inbound jane.doe@example.com: My printer is on fire.");
        m.put("dueAt", format(Instant.parse("2026-03-02T17:00:00Z"), ZoneId.of("Europe/Berlin")));
        return m;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
