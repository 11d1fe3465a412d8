package io.ticketflow.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * One line of the audit log: who changed what, when, and how it ended. Never holds a token secret nor message text;
 * {@code details} is a short summary of the request (field names and values, text lengths).
 *
 * @param actor     the person or token name ({@code alice}, {@code mta-gateway})
 * @param actorKind how they were identified: {@code token}, {@code jwt}, {@code cli}, {@code local}
 * @param action    what was done: {@code ticket.reply}, {@code ticket.change}, {@code ticket.merge}, {@code replay},
 *                  {@code rules.test}, {@code token.created}, {@code token.revoked} ...
 * @param outcome   {@code done}, {@code failed} (the request was answered with an error) or {@code denied}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEntry(Instant at, String actor, String actorKind, List<String> roles, String action, String outcome,
        Integer status, String ticket, String target, String details, String method, String path, String address) {

    public static AuditEntry of(String actor, String actorKind, List<String> roles, String action, String outcome) {
        return new AuditEntry(Instant.now(), actor, actorKind, roles, action, outcome, null, null, null, null, null, null,
                null);
    }

    public AuditEntry at(Instant when) {
        return new AuditEntry(when, actor, actorKind, roles, action, outcome, status, ticket, target, details, method,
                path, address);
    }

    public AuditEntry request(String httpMethod, String requestPath, String clientAddress, Integer httpStatus) {
        return new AuditEntry(at, actor, actorKind, roles, action, outcome, httpStatus, ticket, target, details,
                httpMethod, requestPath, clientAddress);
    }

    public AuditEntry about(String ticketNumber, String otherTarget, String summary) {
        return new AuditEntry(at, actor, actorKind, roles, action, outcome, status, ticketNumber, otherTarget, summary,
                method, path, address);
    }
}
