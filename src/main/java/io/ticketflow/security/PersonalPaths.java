package io.ticketflow.security;

import java.util.regex.Pattern;

/**
 * Paths that name a person ({@code /api/customers/alice@example.com/export}, {@code .../identities/telegram/12345})
 * are written to the audit log with the address and the chat identity replaced, so the log of an erasure does not keep what was erased.
 */
final class PersonalPaths {

    private static final Pattern CUSTOMER = Pattern.compile("^/api/customers/[^/]+");
    private static final Pattern IDENTITY = Pattern.compile("(?<=^/api/customers/\\{address})/identities/[^/]+/[^/]+");

    private PersonalPaths() {
    }

    static boolean isCustomerData(String path) {
        return path != null && CUSTOMER.matcher(path).find();
    }

    static String redact(String path) {
        if (path == null) {
            return null;
        }
        String redacted = CUSTOMER.matcher(path).replaceFirst("/api/customers/{address}");
        // a chat identity names a person as much as an address does (the channel is in the entry's details)
        return IDENTITY.matcher(redacted).replaceFirst("/identities/{channel}/{id}");
    }
}
