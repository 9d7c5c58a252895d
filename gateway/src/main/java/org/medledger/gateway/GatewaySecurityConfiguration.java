package org.medledger.gateway;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.medledger.security.KeycloakJwtDecoders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.WebFilterExchange;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.client.oidc.web.server.logout.OidcClientInitiatedServerLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.web.server.DelegatingServerAuthenticationEntryPoint;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationEntryPoint;
import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientProperties;
import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientPropertiesMapper;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter.ReferrerPolicy;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.csrf.CookieServerCsrfTokenRepository;
import org.springframework.security.web.server.csrf.ServerCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
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
// bound here because Boot binds them only for its own registration repository, which this one replaces
@EnableConfigurationProperties(OAuth2ClientProperties.class)
class GatewaySecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(GatewaySecurityConfiguration.class);

    private static final GatewayProblem UNAUTHENTICATED = new GatewayProblem(HttpStatus.UNAUTHORIZED, "unauthenticated",
            "Sign in, or send a valid bearer token.");
    private static final GatewayProblem INVALID_TOKEN = new GatewayProblem(HttpStatus.UNAUTHORIZED, "invalid-token",
            "The bearer token is not valid here: expired, not signed by MedLedger's Keycloak, or not meant for "
                    + "MedLedger.");
    private static final GatewayProblem FORBIDDEN = new GatewayProblem(HttpStatus.FORBIDDEN, "forbidden",
            "Your account may not make this call.");
    private static final GatewayProblem CSRF_REFUSED = new GatewayProblem(HttpStatus.FORBIDDEN, "csrf-token-invalid",
            "A signed-in browser call that changes data must carry the session's CSRF token (header X-XSRF-TOKEN, "
                    + "from the XSRF-TOKEN cookie). Reload the page and try again.");
    private static final GatewayProblem IDENTITY_PROVIDER_UNAVAILABLE = new GatewayProblem(
            HttpStatus.SERVICE_UNAVAILABLE, "identity-provider-unavailable",
            "Sign-in cannot be checked right now (the identity provider does not answer). Try again shortly.");

    /** Calls any visitor may make: registration, the public directory, health, the UI's static files, the API docs. */
    private static final List<ServerWebExchangeMatcher> PUBLIC = List.of(
            ServerWebExchangeMatchers.pathMatchers(HttpMethod.POST, "/api/identity/patients", "/api/identity/doctors"),
            ServerWebExchangeMatchers.pathMatchers(HttpMethod.GET, "/api/identity/doctors", "/api/identity/doctors/{id:[0-9a-fA-F-]+}",
                    "/api/identity/specializations"),
            ServerWebExchangeMatchers.pathMatchers("/actuator/health", "/actuator/health/**", "/", "/index.html",
                    "/favicon.ico", "/assets/**", "/app/**", "/v3/api-docs/**", "/api/docs", "/api/swagger-ui/**",
                    "/fallback/**"));

    /**
     * Calls that carry {@code Authorization: Bearer} (mobile apps, other systems): stateless. The token alone decides,
     * so no session is looked up or created (Spring's in-memory session store hops to two thread pools to create
     * one), no request is saved for a login redirect, and there is no CSRF token: a cross-site page cannot make a
     * browser send this header. The token is validated exactly as in the browser chain.
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityWebFilterChain bearerSecurity(ServerHttpSecurity http, GatewayProperties properties,
            RememberedRoles realmRoles) {
        return http
                .securityMatcher(GatewaySecurityConfiguration::bearerCall)
                .authorizeExchange(GatewaySecurityConfiguration::authorizeExchanges)
                .oauth2ResourceServer(oauth2 -> bearerTokens(oauth2, realmRoles))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .exceptionHandling(handling -> handling.authenticationEntryPoint(entryPoint())
                        .accessDeniedHandler(GatewaySecurityConfiguration::forbidden))
                .headers(headers -> securityHeaders(headers, properties))
                .cors(cors -> cors.configurationSource(corsConfiguration(properties)))
                .build();
    }

    /** Browsers (and anonymous calls): the Keycloak login, the server-side session, CSRF on cookie-borne writes. */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    SecurityWebFilterChain gatewaySecurity(ServerHttpSecurity http, ReactiveClientRegistrationRepository clients,
            GatewayProperties properties, RememberedRoles realmRoles) {
        var logoutSuccess = new OidcClientInitiatedServerLogoutSuccessHandler(clients);
        logoutSuccess.setPostLogoutRedirectUri("{baseUrl}/");
        var csrfTokens = CookieServerCsrfTokenRepository.withHttpOnlyFalse();
        csrfTokens.setCookieCustomizer(cookie -> cookie.sameSite("Strict"));
        return http
                .authorizeExchange(GatewaySecurityConfiguration::authorizeExchanges)
                .oauth2Login(login -> {
                })
                // a malformed "Authorization: Bearer" header, or one in another case, still ends up here
                .oauth2ResourceServer(oauth2 -> bearerTokens(oauth2, realmRoles))
                .logout(logout -> logout.logoutSuccessHandler(logoutSuccess))
                // only cookie-borne calls can be forged cross-site; bearer-token and cookie-less calls (mobile apps) cannot
                .csrf(csrf -> csrf.csrfTokenRepository(csrfTokens)
                        .csrfTokenRequestHandler(new ServerCsrfTokenRequestAttributeHandler())
                        .requireCsrfProtectionMatcher(GatewaySecurityConfiguration::cookieAuthenticatedWrite)
                        .accessDeniedHandler((exchange, e) -> CSRF_REFUSED.writeTo(exchange.getResponse())))
                .exceptionHandling(handling -> handling.authenticationEntryPoint(entryPoint())
                        .accessDeniedHandler(GatewaySecurityConfiguration::forbidden))
                .headers(headers -> securityHeaders(headers, properties))
                .cors(cors -> cors.configurationSource(corsConfiguration(properties)))
                .build();
    }

    /** Keycloak's realm roles as authorities, mapped once per verified token (see {@link #jwtDecoder}). */
    @Bean
    RememberedRoles realmRoles() {
        return new RememberedRoles(10_000);
    }

    /** Spring Security's strict firewall, its header checks short-cut for printable ASCII. */
    @Bean
    ServerWebExchangeFirewall firewall() {
        return PlainHeaderFirewall.create();
    }

    /** The same rules for both chains. */
    private static void authorizeExchanges(ServerHttpSecurity.AuthorizeExchangeSpec exchanges) {
        exchanges.matchers(PUBLIC.toArray(ServerWebExchangeMatcher[]::new)).permitAll()
                .pathMatchers("/actuator/**").denyAll()
                .anyExchange().authenticated();
    }

    private static void bearerTokens(ServerHttpSecurity.OAuth2ResourceServerSpec oauth2, RememberedRoles realmRoles) {
        oauth2.bearerTokenConverter(new BearerHeaderConverter())
                .jwt(jwt -> jwt.jwtAuthenticationConverter(realmRoles))
                .authenticationFailureHandler(GatewaySecurityConfiguration::bearerTokenRefused)
                .accessDeniedHandler(GatewaySecurityConfiguration::forbidden);
    }

    private static void securityHeaders(ServerHttpSecurity.HeaderSpec headers, GatewayProperties properties) {
        headers.contentSecurityPolicy(csp -> csp.policyDirectives(contentSecurityPolicy(properties)))
                .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER));
    }

    /** {@code Authorization: Bearer <token>}, as Spring Security's bearer token converter reads it. */
    private static Mono<ServerWebExchangeMatcher.MatchResult> bearerCall(ServerWebExchange exchange) {
        String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        return authorization != null && authorization.startsWith("Bearer ")
                ? ServerWebExchangeMatcher.MatchResult.match() : ServerWebExchangeMatcher.MatchResult.notMatch();
    }

    /**
     * The configured client registrations, completed with what OIDC discovery would have added: Keycloak's issuer
     * (checked in every ID token) and its end-session endpoint, so signing out ends the Keycloak session too and
     * the next sign-in asks for the password again. Spelled out instead of discovered, so the gateway starts (and
     * reports ready) while Keycloak is still starting.
     */
    @Bean
    InMemoryReactiveClientRegistrationRepository clientRegistrations(OAuth2ClientProperties clients,
            OAuth2ResourceServerProperties resourceServer) {
        String issuer = resourceServer.getJwt().getIssuerUri();
        List<ClientRegistration> registrations = new OAuth2ClientPropertiesMapper(clients).asClientRegistrations()
                .values().stream()
                .map(registration -> ClientRegistration.withClientRegistration(registration)
                        .issuerUri(issuer)
                        .providerConfigurationMetadata(Map.of("end_session_endpoint",
                                issuer + "/protocol/openid-connect/logout"))
                        .build())
                .toList();
        return new InMemoryReactiveClientRegistrationRepository(registrations);
    }

    /** The UI loads nothing from elsewhere, runs no inline script, and may only be framed by nobody. */
    static String contentSecurityPolicy(GatewayProperties properties) {
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; "
                + "font-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; "
                + "form-action 'self' " + properties.keycloakUrl();
    }

    private static CorsConfigurationSource corsConfiguration(GatewayProperties properties) {
        var source = new UrlBasedCorsConfigurationSource();
        if (!properties.allowedOrigins().isEmpty()) {
            var cors = new CorsConfiguration();
            cors.setAllowedOrigins(properties.allowedOrigins());
            cors.setAllowedMethods(List.of("GET", "POST", "PATCH", "DELETE"));
            cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "X-Download-Token", "Idempotency-Key",
                    "X-Request-Id", "traceparent", "tracestate"));
            cors.setExposedHeaders(List.of("X-Request-Id", "traceparent", "Location", "Retry-After"));
            cors.setMaxAge(3600L);
            source.registerCorsConfiguration("/api/**", cors);
        }
        return source;
    }

    /**
     * Bearer tokens: signature, expiry, issuer and the MedLedger audience, by the same decoder every service uses
     * ({@link KeycloakJwtDecoders}; a failure to fetch Keycloak's keys reaches {@link #bearerTokenRefused} as "could
     * not check", answered 503), behind a cache of tokens verified already.
     */
    @Bean
    ReactiveJwtDecoder jwtDecoder(OAuth2ResourceServerProperties resourceServer, GatewayProperties properties) {
        var jwt = resourceServer.getJwt();
        ReactiveJwtDecoder verifier = KeycloakJwtDecoders.create(jwt.getIssuerUri(),
                KeycloakJwtDecoders.jwkSetUri(jwt.getIssuerUri(), jwt.getJwkSetUri()), properties.audience());
        return new VerifiedTokenCache(verifier, 10_000, Duration.ofMinutes(2), Clock.systemUTC());
    }

    private static Mono<ServerWebExchangeMatcher.MatchResult> cookieAuthenticatedWrite(
            ServerWebExchange exchange) {
        HttpMethod method = exchange.getRequest().getMethod();
        HttpHeaders headers = exchange.getRequest().getHeaders();
        boolean safe = method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS
                || method == HttpMethod.TRACE;
        boolean needsToken = !safe && !headers.containsHeader(HttpHeaders.AUTHORIZATION)
                && !exchange.getRequest().getCookies().isEmpty();
        return needsToken ? ServerWebExchangeMatcher.MatchResult.match() : ServerWebExchangeMatcher.MatchResult.notMatch();
    }

    /**
     * A bearer token that was refused: 401 when the token is bad, but 503 when it could not be checked at all (the
     * identity provider's keys could not be fetched), which is no fault of the caller's and must not read as one.
     */
    private static Mono<Void> bearerTokenRefused(WebFilterExchange exchange, AuthenticationException e) {
        ServerHttpResponse response = exchange.getExchange().getResponse();
        if (e instanceof AuthenticationServiceException) {
            log.warn("Bearer token could not be checked: {}", e.getMessage());
            return IDENTITY_PROVIDER_UNAVAILABLE.writeTo(response);
        }
        response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"medledger\", error=\"invalid_token\"");
        return INVALID_TOKEN.writeTo(response);
    }

    private static Mono<Void> forbidden(ServerWebExchange exchange, AccessDeniedException e) {
        return FORBIDDEN.writeTo(exchange.getResponse());
    }

    /** API callers get a 401 problem; a browser asking for a page is sent to Keycloak's login. */
    private static ServerAuthenticationEntryPoint entryPoint() {
        ServerAuthenticationEntryPoint apiEntryPoint = (exchange, e) -> {
            exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"medledger\"");
            return UNAUTHENTICATED.writeTo(exchange.getResponse());
        };
        var delegating = new DelegatingServerAuthenticationEntryPoint(
                new DelegatingServerAuthenticationEntryPoint.DelegateEntry(
                        ServerWebExchangeMatchers.pathMatchers("/api/**", "/actuator/**"), apiEntryPoint));
        delegating.setDefaultEntryPoint(new RedirectServerAuthenticationEntryPoint("/oauth2/authorization/keycloak"));
        return delegating;
    }
}
