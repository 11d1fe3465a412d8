package io.ticketflow.security;

import io.ticketflow.store.AuditLog;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * Who may call what (docs/security.md). Bearer tokens only: our API tokens ({@code tf_...}) or JWTs from the
 * organisation's identity provider when {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} or
 * {@code jwk-set-uri} is set. Stateless: no session, no cookie, so no CSRF. Anything not listed needs admin.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class WebSecurity {

    private static final String AGENT = Role.AGENT.label();
    private static final String ANALYST = Role.ANALYST.label();
    private static final String ADMIN = Role.ADMIN.label();
    private static final String INTAKE = Role.INTAKE.label();

    @Bean(destroyMethod = "close")
    ApiTokens apiTokens(ApiSecurityProperties properties, AuditLog audit) {
        return new ApiTokens(properties, audit);
    }

    @Bean
    ExposureCheck exposureCheck(Environment env, ApiTokens tokens, ObjectProvider<JwtDecoder> jwt) {
        ExposureCheck check = new ExposureCheck(env.getProperty("server.address"), tokens.anyActive(),
                jwt.getIfAvailable() != null, tokens.path());
        check.verify();
        return check;
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, ApiSecurityProperties properties, ApiTokens tokens,
            ObjectProvider<JwtDecoder> jwt, AuditLog audit, Environment env) throws Exception {
        JsonSecurityErrors errors = new JsonSecurityErrors(audit);
        ApiSecurityProperties.RateLimit limits = properties.rateLimit();
        http.csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .anonymous(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .oauth2ResourceServer(o -> o.bearerTokenResolver(AlertmanagerAccess.tokens())
                        .authenticationManagerResolver(managers(tokens, jwt.getIfAvailable(),
                        properties.jwt())).authenticationEntryPoint(errors).accessDeniedHandler(errors))
                .exceptionHandling(e -> e.authenticationEntryPoint(errors).accessDeniedHandler(errors))
                .authorizeHttpRequests(a -> a
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers(HttpMethod.POST, AlertmanagerAccess.PATH).access(new AlertmanagerAccess(env))
                        // channels' webhooks verify their own signatures, the rating links theirs
                        .requestMatchers("/csat/**").permitAll()
                        .requestMatchers("/self-service/**").permitAll()
                        .requestMatchers("/webhooks/**").permitAll()
                        // status only without credentials; details need admin (management.endpoint.health.roles)
                        .requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers("/actuator/**").hasRole(ADMIN)
                        // the API's description (docs/integrations.md): no data, no settings, the same as the docs
                        .requestMatchers(HttpMethod.GET, "/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml").permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/messages").hasAnyRole(INTAKE, ADMIN)
                        // what the customer sent, byte for byte: for the people who answer, not for statistics
                        .requestMatchers(HttpMethod.GET, "/api/tickets/*/messages/*/attachments/*", "/api/messages/*/raw")
                        .hasAnyRole(AGENT, ADMIN)
                        .requestMatchers(HttpMethod.GET, "/api/tickets", "/api/tickets/**").hasAnyRole(AGENT, ANALYST, ADMIN)
                        // the quality review's queue and scores, refund decisions: people who handle tickets
                        .requestMatchers(HttpMethod.GET, "/api/reviews").hasAnyRole(AGENT, ADMIN)
                        .requestMatchers(HttpMethod.PATCH, "/api/tickets/*/review", "/api/tickets/*/refund")
                        .hasAnyRole(AGENT, ADMIN)
                        .requestMatchers(HttpMethod.POST, "/api/tickets/*/replies", "/api/tickets/*/merge").hasAnyRole(AGENT, ADMIN)
                        .requestMatchers(HttpMethod.PATCH, "/api/tickets/*").hasAnyRole(AGENT, ADMIN)
                        // linking a chat to an e-mail customer is agents' work; export and erasure stay admin only
                        .requestMatchers("/api/customers/*/identities", "/api/customers/*/identities/*/*")
                        .hasAnyRole(AGENT, ADMIN)
                        .anyRequest().hasRole(ADMIN));
        if (limits.enabled()) {
            http.addFilterBefore(RateLimitFilter.perAddress(new RateLimiter(limits.perAddress(), limits.maxTracked())),
                    BearerTokenAuthenticationFilter.class);
            http.addFilterAfter(RateLimitFilter.perCaller(new RateLimiter(limits.perToken(), limits.maxTracked())),
                    BearerTokenAuthenticationFilter.class);
        }
        http.addFilterAfter(new AuditFilter(audit), AuthorizationFilter.class);
        if (properties.cors().allowedOrigins().isEmpty()) {
            http.cors(AbstractHttpConfigurer::disable);
        }
        else {
            http.cors(c -> c.configurationSource(cors(properties.cors())));
        }
        return http.build();
    }

    /** Our tokens have a fixed shape ({@code tf_<id>_<secret>}); anything else is handed to the JWT decoder. */
    private static AuthenticationManagerResolver<HttpServletRequest> managers(ApiTokens tokens, JwtDecoder decoder,
            ApiSecurityProperties.Jwt settings) {
        AuthenticationManager ours = new ProviderManager(new ApiTokenAuthentication.Provider(tokens));
        AuthenticationManager theirs = null;
        if (decoder != null) {
            JwtAuthenticationProvider provider = new JwtAuthenticationProvider(decoder);
            provider.setJwtAuthenticationConverter(new JwtRoles(settings));
            theirs = new ProviderManager(provider);
        }
        AuthenticationManager jwtOrOurs = theirs == null ? ours : theirs;
        DefaultBearerTokenResolver bearer = new DefaultBearerTokenResolver();
        return request -> TokenSecrets.looksLikeToken(bearer.resolve(request)) ? ours : jwtOrOurs;
    }

    private static UrlBasedCorsConfigurationSource cors(ApiSecurityProperties.Cors settings) {
        CorsConfiguration c = new CorsConfiguration();
        c.setAllowedOrigins(settings.allowedOrigins());
        c.addAllowedMethod("*");
        c.addAllowedHeader("Authorization");
        c.addAllowedHeader("Content-Type");
        c.addAllowedHeader("Idempotency-Key");
        c.addExposedHeader("Retry-After");
        c.setAllowCredentials(false);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/api/**", c);
        return source;
    }
}
