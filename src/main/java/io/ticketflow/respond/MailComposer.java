package io.ticketflow.respond;

import io.ticketflow.thread.SubjectTag;
import io.ticketflow.thread.ThreadTokens;
import io.ticketflow.ticket.Ticket;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Turns a rendered template into a mail of a ticket: tagged subject, our Message-ID, threading headers and the bounce
 * address (signed by the {@link Outbox}, which knows the entry). The one place our Message-IDs (signed, {@link ThreadTokens}) and body markers are put into outgoing mail.
 */
@Component
public class MailComposer {

    private static final int MAX_REFERENCES = 20;

    private final SubjectTag subjectTag;
    private final ThreadTokens tokens;

    public MailComposer(SubjectTag subjectTag, ThreadTokens tokens) {
        this.subjectTag = subjectTag;
        this.tokens = tokens;
    }

    /**
     * @param inReplyTo  the message this one answers (null for none)
     * @param references earlier messages of the thread, oldest first (the last {@value #MAX_REFERENCES} are kept)
     */
    public OutgoingMail compose(Ticket ticket, String to, TemplateRenderer.Rendered rendered, String inReplyTo,
            List<String> references, String autoSubmitted) {
        List<String> refs = new ArrayList<>(references == null ? List.of() : references);
        if (inReplyTo != null && !refs.contains(inReplyTo)) {
            refs.add(inReplyTo);
        }
        if (refs.size() > MAX_REFERENCES) {
            refs = new ArrayList<>(refs.subList(refs.size() - MAX_REFERENCES, refs.size()));
        }
        String subject = subjectTag.tag(ticket.number(), HeaderValues.clean(rendered.subject()));
        if (ChatTemplates.isChatAddress(to)) {
            // a chat answer is plain text in the customer's conversation, which threads it: no marker, no HTML
            return new OutgoingMail(to, subject, rendered.text() == null ? "" : rendered.text().strip(), null,
                    tokens.newMessageId(ticket.number()), inReplyTo, List.copyOf(refs), autoSubmitted, null);
        }
        // the signed marker lets replies from clients that drop In-Reply-To/References still thread
        String marker = tokens.marker(ticket.number());
        String text = (rendered.text() == null ? "" : rendered.text().stripTrailing()) + "\n\n" + marker + "\n";
        String html = rendered.html() == null ? null
                : rendered.html() + "\n<p style=\"color:#999999;font-size:11px\">" + marker + "</p>\n";
        return new OutgoingMail(to, subject, text, html, tokens.newMessageId(ticket.number()), inReplyTo,
                List.copyOf(refs), autoSubmitted, null); // the outbox signs the envelope sender per entry and recipient
    }
}
