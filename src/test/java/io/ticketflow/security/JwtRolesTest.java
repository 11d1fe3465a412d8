package io.ticketflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Claim to role mapping: dotted paths, string or list claims, mapped and literal role names, nothing else. */
class JwtRolesTest {

    @Test
    void topLevelListClaim() {
        JwtRoles roles = new JwtRoles(new ApiSecurityProperties.Jwt("roles", null, null));
        assertThat(roles.roles(Map.of("roles", List.of("agent", "ADMIN", "root")))).containsExactly(Role.AGENT, Role.ADMIN);
    }

    @Test
    void dottedPathAndMapping() {
        JwtRoles roles = new JwtRoles(new ApiSecurityProperties.Jwt("resource_access.ticketflow.roles", null,
                Map.of("helpdesk", "agent", "auditors", "analyst")));
        Map<String, Object> claims = Map.of("resource_access", Map.of("ticketflow", Map.of("roles",
                List.of("helpdesk", "auditors", "other"))));
        assertThat(roles.roles(claims)).containsExactly(Role.AGENT, Role.ANALYST);
    }

    @Test
    void spaceOrCommaSeparatedStringClaim() {
        JwtRoles roles = new JwtRoles(new ApiSecurityProperties.Jwt("scope", null, null));
        assertThat(roles.roles(Map.of("scope", "openid analyst,intake"))).containsExactly(Role.ANALYST, Role.INTAKE);
    }

    @Test
    void missingClaimGivesNoRole() {
        JwtRoles roles = new JwtRoles(new ApiSecurityProperties.Jwt("groups", null, null));
        assertThat(roles.roles(Map.of("roles", List.of("admin")))).isEmpty();
        assertThat(roles.roles(Map.of("groups", Map.of("admin", true)))).isEmpty();
    }
}
