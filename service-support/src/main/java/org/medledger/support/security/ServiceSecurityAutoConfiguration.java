package org.medledger.support.security;

import org.medledger.security.KeycloakJwtDecoders;
import org.medledger.security.KeycloakRealmRoles;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.ReactiveOAuth2ResourceServerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.method.configuration.EnableReactiveMethodSecurity;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;

/**
 * Every MedLedger service is an OAuth2 resource server: each call carries a Keycloak access token (validated
 * here again even though the gateway checked it), except the configured public endpoints, health and the
 * OpenAPI documents. Authorization by role and by ownership is then the service's own business.
 */
@AutoConfiguration(before = ReactiveOAuth2ResourceServerAutoConfiguration.class)
@EnableWebFluxSecurity
@EnableReactiveMethodSecurity
@EnableConfigurationProperties(SecurityProperties.class)
public class ServiceSecurityAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    SecurityWebFilterChain serviceSecurityFilterChain(ServerHttpSecurity http, SecurityProperties properties) {
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable) // bearer tokens only, no cookies: nothing to forge
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                // stateless: every call carries its token, so no session is created, loaded or sent as a cookie
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .authorizeExchange(exchanges -> {
                    exchanges.pathMatchers("/actuator/health/**", "/actuator/health", "/actuator/info", "/actuator/prometheus",
                            "/v3/api-docs/**", "/v3/api-docs").permitAll();
                    for (String endpoint : properties.publicEndpoints()) {
                        String[] parts = endpoint.trim().split("\\s+", 2);
                        if (parts.length == 2) {
                            exchanges.pathMatchers(HttpMethod.valueOf(parts[0]), parts[1]).permitAll();
                        } else {
                            exchanges.pathMatchers(parts[0]).permitAll();
                        }
                    }
                    exchanges.anyExchange().authenticated();
                })
                .oauth2ResourceServer(oauth2 -> oauth2
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(new KeycloakRealmRoles()))
                        .authenticationEntryPoint(ProblemAuthenticationHandlers.unauthorized())
                        // a token that could not be checked (Keycloak's keys unreachable) is 503, not a 500
                        .authenticationFailureHandler(ProblemAuthenticationHandlers.bearerTokenRefused())
                        .accessDeniedHandler(ProblemAuthenticationHandlers.forbidden()))
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint(ProblemAuthenticationHandlers.unauthorized())
                        .accessDeniedHandler(ProblemAuthenticationHandlers.forbidden()))
                .build();
    }

    /**
     * Checks signature, issuer, expiry and audience, as the gateway does ({@link KeycloakJwtDecoders}). Keys come from
     * the JWK set URI when one is configured (inside a cluster Keycloak is reached by another name than the one in the
     * token's {@code iss}), else from Keycloak's certs endpoint under the issuer.
     */
    @Bean
    @ConditionalOnMissingBean
    ReactiveJwtDecoder jwtDecoder(OAuth2ResourceServerProperties resourceServer, SecurityProperties properties) {
        OAuth2ResourceServerProperties.Jwt jwt = resourceServer.getJwt();
        return KeycloakJwtDecoders.create(jwt.getIssuerUri(), KeycloakJwtDecoders.jwkSetUri(jwt.getIssuerUri(),
                jwt.getJwkSetUri()), properties.audience());
    }
}
