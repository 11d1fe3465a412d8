package io.ticketflow.respond;

import io.ticketflow.store.AddressStore;
import io.ticketflow.ticket.Ticket;
import io.ticketflow.vocabulary.MailAddress;
import io.ticketflow.vocabulary.ParsedMessage;
import io.ticketflow.vocabulary.ScreeningVerdict;
import io.ticketflow.vocabulary.TicketflowIdentity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Acknowledges a new ticket to its customer: rendered from the {@code acknowledgement} template (or the one routing
 * chose) in the ticket's language, with the expected response time and suggested FAQ answers, tagged with the ticket
 * number, threaded to the customer's mail, and sent through the outbox (once per ticket). Never to machine mail, our
 * own addresses, no-reply senders or lists, and never past the loop limits: that is how auto-reply loops start.
 */
@Component
public class Acknowledgements {

    static final String PURPOSE = MailPurpose.ACKNOWLEDGEMENT;
    /** Routing's way of saying "no acknowledgement for this ticket". */
    public static final String NONE = "none";

    private final TemplateRenderer templates;
    private final Outbox outbox;
    private final MailComposer composer;
    private final MailModels models;
    private final LoopGuard loopGuard;
    private final TicketflowIdentity identity;
    private final AddressStore addresses;

    public Acknowledgements(TemplateRenderer templates, Outbox outbox, MailComposer composer, MailModels models,
            LoopGuard loopGuard, TicketflowIdentity identity, AddressStore addresses) {
        this.templates = templates;
        this.outbox = outbox;
        this.composer = composer;
        this.models = models;
        this.loopGuard = loopGuard;
        this.identity = identity;
        this.addresses = addresses;
    }

    /** Why no acknowledgement may go to this sender, or null if one may (before rate limits). */
    public String refusal(ParsedMessage message, ScreeningVerdict verdict) {
        MailAddress to = message.from();
        if (!verdict.isHuman()) {
            return "screened as " + verdict.kind().label();
        }
        if (message.senderAuthentication().dmarcFailed()) {
            // the From is probably forged: an automatic answer would go to a third party (backscatter)
            return "sender fails DMARC (" + message.senderAuthentication().summary() + ")";
        }
        if (identity.isOwnAddress(to.address())) {
            return "sender is one of our own addresses";
        }
        String address = loopGuard.addressRefusal(to.address());
        if (address != null) {
            return address.replace("recipient", "sender");
        }
        AddressStore.AddressState state = addresses == null ? null : addresses.find(to.address());
        if (state != null && state.isUndeliverable()) {
            return "address is undeliverable (" + state.reason() + ")";
        }
        return null;
    }

    /** Acknowledges with the default template; null when queued, else why not. */
    public String acknowledge(Ticket ticket, ParsedMessage message) {
        return acknowledge(ticket, message, null, List.of());
    }

    /**
     * Acknowledges with routing's choice of template (null: the default, {@value #NONE}: no acknowledgement) and
     * suggested FAQ articles.
     *
     * @return null when the acknowledgement is queued (or was already), else the reason it is not sent
     */
    public String acknowledge(Ticket ticket, ParsedMessage message, String template, List<MailModels.FaqArticle> faq) {
        return acknowledge(ticket, message, template, faq, null);
    }

    /**
     * Like {@link #acknowledge(Ticket, ParsedMessage, String, List)}, counted for the breaker of the message's source
     * ({@link LoopGuard#source}; null: none). Refused by a tripped breaker, the acknowledgement is recorded in the
     * outbox as refused with the reason, so the ticket shows it.
     */
    public String acknowledge(Ticket ticket, ParsedMessage message, String template, List<MailModels.FaqArticle> faq,
            String source) {
        if (NONE.equalsIgnoreCase(template)) {
            return "routing chose no acknowledgement";
        }
        // no read of the outbox first: a retried pipeline is permitted again under the same key without a second
        // loop-guard slot, and the outbox's create-only entry records it once
        String name = ChatTemplates.variant(templates,
                template == null || template.isBlank() || !templates.exists(template) ? PURPOSE : template,
                message.from().address());
        Map<String, Object> model = models.forTicket(ticket);
        model.put("subject", message.subject() == null || message.subject().isBlank() ? "(no subject)" : message.subject());
        model.put("faqArticles", MailModels.faq(faq));
        TemplateRenderer.Rendered rendered = templates.render(name, ticket.triage().language(), model);
        LoopGuard.Permit limited = loopGuard.permitAcknowledgement(message.from().address(), message.subject(),
                Outbox.id(ticket.number(), PURPOSE), source);
        if (limited.refusal() != null && !limited.breaker()) {
            return limited.refusal();
        }
        List<String> references = new ArrayList<>(message.references());
        String inReplyTo = message.messageIdSynthetic() ? null : message.messageId();
        // acknowledgements go to the authenticated-looking From, never to an unverified Reply-To (a forged Reply-To would make us mail a stranger)
        OutgoingMail mail = composer.compose(ticket, message.from().address(), rendered, inReplyTo, references,
                OutgoingMail.AUTO_REPLIED);
        if (limited.breaker()) {
            outbox.refuse(ticket.number(), PURPOSE, mail, limited.refusal());
            return limited.refusal();
        }
        outbox.enqueue(ticket.number(), PURPOSE, mail);
        return null;
    }
}
