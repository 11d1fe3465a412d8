package io.ticketflow.security;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * What a caller of the REST API may do. {@code agent}: read tickets, reply, change status and fields, merge;
 * {@code analyst}: read only; {@code admin}: everything, incl. replay, rule tests, tokens and actuator beyond health;
 * {@code intake}: post raw messages only (an MTA pipe or a gateway).
 */
public enum Role {
    AGENT, ANALYST, ADMIN, INTAKE;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The Spring Security authority ({@code ROLE_agent}); actuator's health details check it by role name. */
    SimpleGrantedAuthority authority() {
        return new SimpleGrantedAuthority("ROLE_" + label());
    }

    public static Optional<Role> of(String label) {
        if (label == null) {
            return Optional.empty();
        }
        String wanted = label.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(r -> r.label().equals(wanted)).findFirst();
    }

    public static String labels() {
        return String.join(", ", Arrays.stream(values()).map(Role::label).toList());
    }
}
