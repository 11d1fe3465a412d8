package io.ticketflow.security;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

/** A caller identified by one of our API tokens: named after the token, with the token's one role. */
final class ApiTokenAuthentication extends AbstractAuthenticationToken {

    private final String name;
    private final Role role;

    ApiTokenAuthentication(String name, Role role) {
        super(List.of(role.authority()));
        this.name = name;
        this.role = role;
        setAuthenticated(true);
    }

    Role role() {
        return role;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public Object getCredentials() {
        // the token is not kept after it was checked
        return "";
    }

    @Override
    public Object getPrincipal() {
        return name;
    }

    /** Checks a bearer token against the tokens file (and the run's local admin token). */
    static final class Provider implements AuthenticationProvider {

        private final ApiTokens tokens;

        Provider(ApiTokens tokens) {
            this.tokens = tokens;
        }

        @Override
        public Authentication authenticate(Authentication authentication) {
            String token = ((BearerTokenAuthenticationToken) authentication).getToken();
            ApiToken entry = tokens.authenticate(token)
                    .orElseThrow(() -> new BadCredentialsException("unknown, expired or revoked API token"));
            return new ApiTokenAuthentication(entry.name(), Role.of(entry.role()).orElseThrow());
        }

        @Override
        public boolean supports(Class<?> authentication) {
            return BearerTokenAuthenticationToken.class.isAssignableFrom(authentication);
        }
    }
}
