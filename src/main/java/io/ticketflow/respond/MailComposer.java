package io.ticketflow.respond;

import io.ticketflow.TicketflowIdentity;
import io.ticketflow.store.Ticket;
import io.ticketflow.thread.SubjectTag;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Turns a rendered template into a mail of a ticket: tagged subject, our Message-ID, threading headers and the bounce
 * address. The one place our Message-IDs are minted ({@link #newMessageId}).
 */
@Component
public class MailComposer {

    private static final int MAX_REFERENCES = 20;

    private final SubjectTag subjectTag;
    private final TicketflowIdentity identity;
    private final BounceAddress bounces;

    public MailComposer(SubjectTag subjectTag, TicketflowIdentity identity, BounceAddress bounces) {
        this.subjectTag = subjectTag;
        this.identity = identity;
        this.bounces = bounces;
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
        return new OutgoingMail(to, subject, rendered.text(), rendered.html(), newMessageId(ticket.number()), inReplyTo,
                List.copyOf(refs), autoSubmitted, bounces.of(ticket.number()));
    }

    private String newMessageId(String ticket) {
        return "tf." + ticket + "." + UUID.randomUUID().toString().replace("-", "").substring(0, 16) + "@"
                + identity.messageIdDomain();
    }
}
