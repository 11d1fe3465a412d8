package io.ticketflow.security;

import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** How an authenticated caller is named in the audit log and the rate limiter. */
final class Callers {

    private Callers() {
    }

    /** {@code token} (ours, incl. the run's local admin token), {@code jwt} (the identity provider's) or {@code other}. */
    static String kind(Authentication auth) {
        if (auth instanceof ApiTokenAuthentication) {
            return ApiTokens.LOCAL_ADMIN.equals(auth.getName()) ? "local" : "token";
        }
        return auth instanceof JwtAuthenticationToken ? "jwt" : "other";
    }

    static List<String> roles(Authentication auth) {
        return auth.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .map(a -> a.startsWith("ROLE_") ? a.substring(5) : a).toList();
    }
}
