package io.ticketflow.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;

/**
 * Refuses to start a service that listens beyond this machine while nobody could authenticate: no active API token
 * in the tokens file and no identity provider configured. On 127.0.0.1 (the default) it starts anyway: only local
 * users can reach it, and the embedded run prints a local admin token.
 */
final class ExposureCheck {

    private final String address;
    private final boolean tokens;
    private final boolean identityProvider;
    private final Path tokensFile;

    ExposureCheck(String address, boolean tokens, boolean identityProvider, Path tokensFile) {
        this.address = address;
        this.tokens = tokens;
        this.identityProvider = identityProvider;
        this.tokensFile = tokensFile;
    }

    void verify() {
        if (tokens || identityProvider || isLoopback(address)) {
            return;
        }
        String where = address == null || address.isBlank() ? "all network interfaces"
                : isAnyLocal(address) ? "all network interfaces (" + address.strip() + ")" : address.strip();
        throw new UnprotectedExposureException("Ticketflow would listen on " + where
                + " with no authentication configured: anyone who reaches the port could read every ticket. Either\n"
                + "  - create an API token:            ./ticketflow tokens create NAME --role admin"
                + "   (tokens file: " + tokensFile + ")\n"
                + "  - or configure your identity provider: spring.security.oauth2.resourceserver.jwt.issuer-uri=...\n"
                + "  - or listen on this machine only:  server.address=127.0.0.1 (TICKETFLOW_ADDRESS)");
    }

    private static boolean isAnyLocal(String address) {
        try {
            return InetAddress.getByName(address.strip()).isAnyLocalAddress();
        }
        catch (UnknownHostException e) {
            return false;
        }
    }

    static boolean isLoopback(String address) {
        if (address == null || address.isBlank()) {
            return false;
        }
        try {
            return InetAddress.getByName(address.strip()).isLoopbackAddress();
        }
        catch (UnknownHostException e) {
            return false;
        }
    }

    /** Startup refused: the message says what to do. */
    static final class UnprotectedExposureException extends IllegalStateException {
        UnprotectedExposureException(String message) {
            super(message);
        }
    }
}
