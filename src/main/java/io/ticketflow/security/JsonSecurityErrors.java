package io.ticketflow.security;

import io.ticketflow.store.AuditEntry;
import io.ticketflow.store.AuditLog;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * 401 and 403 as the API's usual JSON error. A 401 never says which part was wrong (unknown, expired or revoked token,
 * bad signature); a 403 names the caller's roles. Refusals of an authenticated caller are audited.
 */
final class JsonSecurityErrors implements AuthenticationEntryPoint, AccessDeniedHandler {

    private static final Logger log = LoggerFactory.getLogger(JsonSecurityErrors.class);

    private final AuditLog audit;

    JsonSecurityErrors(AuditLog audit) {
        this.audit = audit;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        boolean sent = request.getHeader("Authorization") != null;
        log.debug("401 for {} {}: {}", request.getMethod(), request.getRequestURI(), e.getMessage());
        response.setHeader("WWW-Authenticate", sent ? "Bearer error=\"invalid_token\"" : "Bearer");
        JsonErrors.write(response, 401, "unauthorized", sent
                ? "the credentials are not valid (unknown, expired or revoked token, or a JWT that failed validation)"
                : "authentication required: send Authorization: Bearer <API token or JWT>");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        String who = auth == null ? "anonymous" : auth.getName();
        String roles = auth == null ? "none" : String.join(", ", Callers.roles(auth));
        if (auth != null && auth.isAuthenticated()) {
            audit.record(AuditEntry.of(who, Callers.kind(auth), Callers.roles(auth), "api.denied", "denied")
                    .request(request.getMethod(), PersonalPaths.redact(request.getRequestURI()),
                            request.getRemoteAddr(), 403));
        }
        JsonErrors.write(response, 403, "forbidden", who + " (roles: " + (roles.isEmpty() ? "none" : roles)
                + ") may not " + request.getMethod() + " " + request.getRequestURI());
    }
}
