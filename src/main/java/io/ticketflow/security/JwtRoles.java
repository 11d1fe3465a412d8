package io.ticketflow.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Turns a validated JWT from the organisation's identity provider into a caller: roles from the configured claim
 * (mapped through {@code role-mapping}, or taken as they are when they name a role), the name from the principal
 * claim. A token without a known role is authenticated but may do nothing (403).
 */
final class JwtRoles implements Converter<Jwt, AbstractAuthenticationToken> {

    private final ApiSecurityProperties.Jwt settings;

    JwtRoles(ApiSecurityProperties.Jwt settings) {
        this.settings = settings;
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        List<GrantedAuthority> authorities = roles(jwt.getClaims()).stream().map(r -> (GrantedAuthority) r.authority())
                .toList();
        String name = jwt.getClaimAsString(settings.principalClaim());
        return new JwtAuthenticationToken(jwt, authorities, name == null || name.isBlank() ? jwt.getSubject() : name);
    }

    Set<Role> roles(Map<String, Object> claims) {
        Set<Role> roles = new LinkedHashSet<>();
        for (String value : values(claim(claims, settings.rolesClaim()))) {
            String mapped = settings.roleMapping().get(value);
            (mapped != null ? Role.of(mapped) : Role.of(value)).ifPresent(roles::add);
        }
        return roles;
    }

    /** The value at a dotted path ({@code realm_access.roles}); a claim whose own name has dots is found too. */
    private static Object claim(Map<String, Object> claims, String path) {
        if (claims.containsKey(path)) {
            return claims.get(path);
        }
        Object current = claims;
        for (String part : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(part);
        }
        return current;
    }

    private static List<String> values(Object claim) {
        List<String> out = new ArrayList<>();
        if (claim instanceof Collection<?> c) {
            c.stream().filter(v -> v != null).map(String::valueOf).forEach(out::add);
        }
        else if (claim instanceof String s) {
            for (String v : s.split("[\\s,]+")) {
                Optional.of(v).filter(x -> !x.isBlank()).ifPresent(out::add);
            }
        }
        return out;
    }
}
