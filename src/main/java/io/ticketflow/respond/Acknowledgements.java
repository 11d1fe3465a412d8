package io.ticketflow.respond;

import io.ticketflow.TicketflowIdentity;
import io.ticketflow.parse.MailAddress;
import io.ticketflow.parse.ParsedMessage;
import io.ticketflow.screen.ScreeningVerdict;
import io.ticketflow.store.Ticket;
import io.ticketflow.thread.SubjectTag;
import io.ticketflow.thread.ThreadTokens;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Acknowledges a new ticket to its customer: rendered from the {@code acknowledgement} template, tagged with the ticket
 * number, threaded to the customer's mail, and sent through the outbox (once per ticket). Never to machine mail, our
 * own addresses or no-reply senders: that is how auto-reply loops start.
 */
@Component
public class Acknowledgements {

    static final String PURPOSE = "acknowledgement";
    private static final Pattern NO_REPLY = Pattern.compile(
            "^(no[-_]?reply|do[-_]?not[-_]?reply|mailer-daemon|postmaster|bounces?|abuse|root)([+._-].*)?@", Pattern.CASE_INSENSITIVE);

    private final TemplateRenderer templates;
    private final Outbox outbox;
    private final SubjectTag subjectTag;
    private final TicketflowIdentity identity;
    private final ThreadTokens tokens;

    public Acknowledgements(TemplateRenderer templates, Outbox outbox, SubjectTag subjectTag, TicketflowIdentity identity,
            ThreadTokens tokens) {
        this.templates = templates;
        this.outbox = outbox;
        this.subjectTag = subjectTag;
        this.identity = identity;
        this.tokens = tokens;
    }

    /** Why no acknowledgement may go to this sender, or null if one may. */
    public String refusal(ParsedMessage message, ScreeningVerdict verdict) {
        MailAddress to = message.from();
        if (!verdict.isHuman()) {
            return "screened as " + verdict.kind().label();
        }
        if (identity.isOwnAddress(to.address())) {
            return "sender is one of our own addresses";
        }
        if (NO_REPLY.matcher(to.address()).find()) {
            return "sender is a no-reply address";
        }
        return null;
    }

    public void acknowledge(Ticket ticket, ParsedMessage message) {
        Map<String, Object> model = new HashMap<>();
        model.put("ticketNumber", ticket.number());
        model.put("ticketTag", subjectTag.of(ticket.number()));
        model.put("subject", message.subject() == null || message.subject().isBlank() ? "(no subject)" : message.subject());
        model.put("customerName", message.from().name() == null || message.from().name().isBlank()
                ? message.from().address() : message.from().name());
        model.put("customerAddress", message.from().address());
        TemplateRenderer.Rendered rendered = templates.render(PURPOSE, model);
        List<String> references = new ArrayList<>(message.references());
        references.add(message.messageId());
        // acknowledgements go to the authenticated-looking From, never to an unverified Reply-To (security.md A5)
        OutgoingMail mail = new OutgoingMail(message.from().address(), subjectTag.tag(ticket.number(), rendered.subject()),
                withMarker(rendered.text(), ticket.number()), tokens.newMessageId(ticket.number()), message.messageId(),
                references, true);
        outbox.enqueue(ticket.number(), PURPOSE, mail);
    }

    /** The signed body marker at the end, so replies from clients that drop In-Reply-To/References still thread. */
    private String withMarker(String text, String ticket) {
        String body = text == null ? "" : text.stripTrailing();
        return body + "\n\n" + tokens.marker(ticket) + "\n";
    }
}
