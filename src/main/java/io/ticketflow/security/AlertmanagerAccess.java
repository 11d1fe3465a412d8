package io.ticketflow.security;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.function.Supplier;
import org.springframework.core.env.Environment;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * Who may post to {@code /webhooks/alertmanager}: a caller with an API token of the intake or admin role, or
 * Alertmanager itself with the shared secret its {@code http_config} sends as {@code Authorization: Bearer <secret>}
 * (the secret from the environment variable named by {@code ticketflow.alertmanager.secret-env}; compared in constant
 * time). Without either: 401, and nothing is read from the body.
 */
final class AlertmanagerAccess implements AuthorizationManager<RequestAuthorizationContext> {

    static final String PATH = "/webhooks/alertmanager";

    private final Environment env;
    private final DefaultBearerTokenResolver bearer = new DefaultBearerTokenResolver();

    AlertmanagerAccess(Environment env) {
        this.env = env;
    }

    @Override
    @SuppressWarnings("deprecation")
    public AuthorizationDecision check(Supplier<Authentication> authentication, RequestAuthorizationContext context) {
        Authentication caller;
        try {
            caller = authentication.get();
        }
        catch (AuthenticationCredentialsNotFoundException e) {
            // no API token was sent (anonymous callers are switched off): only the shared secret can let it in, and
            // without it the caller is unauthenticated (401), not forbidden
            if (sharedSecret(context.getRequest())) {
                return new AuthorizationDecision(true);
            }
            throw e;
        }
        if (caller != null && caller.isAuthenticated() && caller.getAuthorities().stream().anyMatch(a ->
                a.equals(Role.INTAKE.authority()) || a.equals(Role.ADMIN.authority()))) {
            return new AuthorizationDecision(true);
        }
        return new AuthorizationDecision(sharedSecret(context.getRequest()));
    }

    private boolean sharedSecret(HttpServletRequest request) {
        String name = env.getProperty("ticketflow.alertmanager.secret-env", "");
        String secret = name.isBlank() ? null : env.getProperty(name);
        String sent = bearer.resolve(request);
        return secret != null && !secret.isBlank() && sent != null
                && MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The bearer tokens the API's authentication reads: on the Alertmanager webhook only our API tokens, so the shared
     * secret is left to this check instead of failing as an unknown token.
     */
    static BearerTokenResolver tokens() {
        DefaultBearerTokenResolver all = new DefaultBearerTokenResolver();
        return request -> {
            String token = all.resolve(request);
            return PATH.equals(request.getRequestURI()) && !TokenSecrets.looksLikeToken(token) ? null : token;
        };
    }
}
