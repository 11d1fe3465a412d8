package io.ticketflow.security;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * REST API security settings ({@code ticketflow.security.*}); see docs/security.md. The OpenID Connect issuer or JWK
 * set URI are Spring Boot's own settings ({@code spring.security.oauth2.resourceserver.jwt.*}).
 *
 * @param tokensFile       API tokens (salted hashes only), written by {@code ticketflow tokens}; re-read on change
 * @param reloadCheck      how often the tokens file is checked for changes
 * @param localAdminToken  issue an admin token for this run only and print it (embedded defaults and the demo)
 * @param jwt              how JWT claims become roles
 * @param rateLimit        requests per token and per client address
 * @param cors             origins allowed to call the API from a browser; empty (the default): no CORS at all
 */
@ConfigurationProperties("ticketflow.security")
public record ApiSecurityProperties(String tokensFile, Duration reloadCheck, Boolean localAdminToken, Jwt jwt,
        RateLimit rateLimit, Cors cors) {

    public ApiSecurityProperties {
        tokensFile = tokensFile == null || tokensFile.isBlank() ? "config/api-tokens.yml" : tokensFile;
        reloadCheck = reloadCheck == null ? Duration.ofSeconds(2) : reloadCheck;
        localAdminToken = localAdminToken != null && localAdminToken;
        jwt = jwt == null ? new Jwt(null, null, null) : jwt;
        rateLimit = rateLimit == null ? new RateLimit(null, null, null, null) : rateLimit;
        cors = cors == null ? new Cors(null) : cors;
    }

    /**
     * @param rolesClaim     the claim holding the caller's roles or groups; a dotted path reaches into objects
     *                       ({@code realm_access.roles}); a string value may list several, separated by spaces or commas
     * @param principalClaim the claim naming the person in the audit log (falls back to {@code sub})
     * @param roleMapping    identity-provider value -> Ticketflow role ({@code support-team: agent}); values that are
     *                       role names already need no entry; anything else gives no role
     */
    public record Jwt(String rolesClaim, String principalClaim, Map<String, String> roleMapping) {
        public Jwt {
            rolesClaim = rolesClaim == null || rolesClaim.isBlank() ? "roles" : rolesClaim;
            principalClaim = principalClaim == null || principalClaim.isBlank() ? "preferred_username" : principalClaim;
            roleMapping = roleMapping == null ? Map.of() : Map.copyOf(roleMapping);
        }
    }

    /**
     * @param enabled    429 with Retry-After once a bucket is empty
     * @param perToken   requests one caller (token or JWT subject) may make
     * @param perAddress requests one client address may make, with or without credentials
     * @param maxTracked callers and addresses remembered at most (least recently seen are forgotten first)
     */
    public record RateLimit(Boolean enabled, Limit perToken, Limit perAddress, Integer maxTracked) {
        public RateLimit {
            enabled = enabled == null || enabled;
            perToken = perToken == null ? new Limit(600, Duration.ofMinutes(1)) : perToken;
            perAddress = perAddress == null ? new Limit(1200, Duration.ofMinutes(1)) : perAddress;
            maxTracked = maxTracked == null ? 10_000 : maxTracked;
        }
    }

    /** {@code requests} per {@code per}, refilled evenly; a burst of up to {@code requests} is allowed. */
    public record Limit(int requests, Duration per) {
        public Limit {
            if (requests < 1 || per == null || per.isNegative() || per.isZero()) {
                throw new IllegalArgumentException("a rate limit needs requests >= 1 and a positive period");
            }
        }
    }

    /** @param allowedOrigins e.g. {@code https://support.example.com}; empty: browsers on other origins are refused */
    public record Cors(List<String> allowedOrigins) {
        public Cors {
            allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
        }
    }
}
