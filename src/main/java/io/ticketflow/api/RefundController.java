package io.ticketflow.api;

import io.ticketflow.respond.RefundNotices;
import io.ticketflow.ticket.LifecycleException;
import io.ticketflow.ticket.Refund;
import io.ticketflow.ticket.Ticket;
import java.security.Principal;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code PATCH /api/tickets/{number}/refund}: an agent approves or denies a refund request; the decision is stored
 * with who made it (the authenticated caller) and only then is the customer told, through the outbox.
 */
@RestController
class RefundController {

    private final RefundNotices refunds;

    RefundController(RefundNotices refunds) {
        this.refunds = refunds;
    }

    /** @param note the agent's internal note on the decision (not sent to the customer) */
    record DecisionRequest(String decision, String note) {
    }

    record DecisionAnswer(String ticket, String decision, String decidedBy, boolean repeated, String outboxId,
            String notSent, Refund refund) {
    }

    @PatchMapping("/api/tickets/{number}/refund")
    DecisionAnswer decide(@PathVariable String number, @RequestBody(required = false) DecisionRequest request,
            Principal caller) {
        if (request == null || request.decision() == null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "bad_request",
                    "send {\"decision\": \"approve\" or \"deny\", \"note\": \"...\"}");
        }
        try {
            RefundNotices.Decided d = refunds.decide(number, request.decision(), caller.getName(), request.note());
            Refund r = d.ticket().refund();
            return new DecisionAnswer(number, r.status(), r.decidedBy(), d.repeated(), d.outboxId(), d.refusal(), r);
        }
        catch (LifecycleException e) {
            throw QualityReviewController.asApiError(e);
        }
    }
}
