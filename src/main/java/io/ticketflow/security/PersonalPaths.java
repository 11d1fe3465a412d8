package io.ticketflow.security;

import java.util.regex.Pattern;

/**
 * Paths that name a person ({@code /api/customers/alice@example.com/export}) are written to the audit log with the
 * address replaced, so the log of an erasure does not keep what was erased.
 */
final class PersonalPaths {

    private static final Pattern CUSTOMER = Pattern.compile("^/api/customers/[^/]+");

    private PersonalPaths() {
    }

    static boolean isCustomerData(String path) {
        return path != null && CUSTOMER.matcher(path).find();
    }

    static String redact(String path) {
        return path == null ? null : CUSTOMER.matcher(path).replaceFirst("/api/customers/{address}");
    }
}
