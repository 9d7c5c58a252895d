package org.medledger.gateway;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.oidc.web.server.logout.OidcClientInitiatedServerLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.server.DelegatingServerAuthenticationEntryPoint;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationEntryPoint;
import org.springframework.security.web.server.csrf.CookieServerCsrfTokenRepository;
import org.springframework.security.web.server.csrf.ServerCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import reactor.core.publisher.Mono;

/**
 * Two ways in. Browsers sign in through Keycloak with the authorization-code flow (the gateway is the OAuth2
 * client; the token stays in the server-side session and is relayed to the services, never handed to
 * JavaScript), with CSRF protection on state-changing calls. Mobile apps and other systems send
 * {@code Authorization: Bearer}, validated here and again in each service.
 */
@Configuration
@EnableWebFluxSecurity
class GatewaySecurityConfiguration {

    /** Calls any visitor may make: registration, the public directory, health, the UI's static files. */
    private static final List<ServerWebExchangeMatcher> PUBLIC = List.of(
            ServerWebExchangeMatchers.pathMatchers(HttpMethod.POST, "/api/identity/patients", "/api/identity/doctors"),
            ServerWebExchangeMatchers.pathMatchers(HttpMethod.GET, "/api/identity/doctors", "/api/identity/doctors/*",
                    "/api/identity/specializations"),
            ServerWebExchangeMatchers.pathMatchers("/actuator/health", "/actuator/health/**", "/", "/index.html",
                    "/favicon.ico", "/assets/**", "/app/**", "/v3/api-docs/**", "/*/v3/api-docs", "/swagger-ui/**",
                    "/webjars/**"));

    @Bean
    SecurityWebFilterChain gatewaySecurity(ServerHttpSecurity http, ReactiveClientRegistrationRepository clients) {
        var logoutSuccess = new OidcClientInitiatedServerLogoutSuccessHandler(clients);
        logoutSuccess.setPostLogoutRedirectUri("{baseUrl}/");
        var csrfTokens = CookieServerCsrfTokenRepository.withHttpOnlyFalse();
        csrfTokens.setCookieCustomizer(cookie -> cookie.sameSite("Strict"));
        return http
                .authorizeExchange(exchanges -> exchanges
                        .matchers(PUBLIC.toArray(ServerWebExchangeMatcher[]::new)).permitAll()
                        .pathMatchers("/actuator/**").denyAll()
                        .anyExchange().authenticated())
                .oauth2Login(login -> {
                })
                .oauth2ResourceServer(oauth2 -> oauth2.jwt(jwt -> jwt.jwtAuthenticationConverter(
                        GatewaySecurityConfiguration::keycloakRoles)))
                .logout(logout -> logout.logoutSuccessHandler(logoutSuccess))
                // a bearer-token call carries no cookie, so there is nothing to forge; browser calls need the token
                .csrf(csrf -> csrf.csrfTokenRepository(csrfTokens)
                        .csrfTokenRequestHandler(new ServerCsrfTokenRequestAttributeHandler())
                        .requireCsrfProtectionMatcher(exchange -> ServerWebExchangeMatchers.pathMatchers(
                                        HttpMethod.POST, "/**").matches(exchange)
                                .flatMap(match -> match.isMatch() && exchange.getRequest().getHeaders()
                                        .containsHeader(HttpHeaders.AUTHORIZATION)
                                        ? ServerWebExchangeMatcher.MatchResult.notMatch()
                                        : unsafeMethod(exchange))))
                .exceptionHandling(handling -> handling.authenticationEntryPoint(entryPoint()))
                .build();
    }

    private static Mono<ServerWebExchangeMatcher.MatchResult> unsafeMethod(
            org.springframework.web.server.ServerWebExchange exchange) {
        HttpMethod method = exchange.getRequest().getMethod();
        boolean safe = method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS
                || exchange.getRequest().getHeaders().containsHeader(HttpHeaders.AUTHORIZATION);
        return safe ? ServerWebExchangeMatcher.MatchResult.notMatch() : ServerWebExchangeMatcher.MatchResult.match();
    }

    /** API callers get a 401 problem; a browser asking for a page is sent to Keycloak's login. */
    private static ServerAuthenticationEntryPoint entryPoint() {
        ServerAuthenticationEntryPoint apiEntryPoint = (exchange, e) -> {
            var response = exchange.getResponse();
            response.setStatusCode(HttpStatus.UNAUTHORIZED);
            response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
            response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"medledger\"");
            byte[] body = ("{\"type\":\"https://medledger.org/problems/unauthenticated\",\"title\":\"Unauthorized\","
                    + "\"status\":401,\"detail\":\"Sign in, or send a valid bearer token.\"}").getBytes(StandardCharsets.UTF_8);
            return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
        };
        var delegating = new DelegatingServerAuthenticationEntryPoint(
                new DelegatingServerAuthenticationEntryPoint.DelegateEntry(
                        ServerWebExchangeMatchers.pathMatchers("/api/**"), apiEntryPoint));
        delegating.setDefaultEntryPoint(new RedirectServerAuthenticationEntryPoint("/oauth2/authorization/keycloak"));
        return delegating;
    }

    private static Mono<AbstractAuthenticationToken> keycloakRoles(Jwt jwt) {
        Map<String, Object> realmAccess = jwt.getClaimAsMap("realm_access");
        List<GrantedAuthority> authorities = realmAccess != null && realmAccess.get("roles") instanceof Collection<?> roles
                ? roles.stream().<GrantedAuthority>map(role -> new SimpleGrantedAuthority("ROLE_" + role)).toList()
                : List.of();
        return Mono.just(new JwtAuthenticationToken(jwt, authorities, jwt.getSubject()));
    }
}
