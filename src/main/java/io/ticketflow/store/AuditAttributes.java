package io.ticketflow.store;

/**
 * Request attributes an endpoint sets to tell the audit filter what it did when the path and body alone do not say
 * it, or must not: the action, and a summary without personal data (counts, a reference).
 */
public final class AuditAttributes {

    public static final String ACTION = "ticketflow.audit.action";
    public static final String TARGET = "ticketflow.audit.target";
    public static final String DETAILS = "ticketflow.audit.details";

    private AuditAttributes() {
    }
}
