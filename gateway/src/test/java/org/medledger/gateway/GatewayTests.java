package org.medledger.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.mockJwt;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.mockOidcLogin;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.springSecurity;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The gateway on its own, with every service address but notification-service's pointing at a closed port: what a
 * caller sees of routing, security, limits and failures. notification-service is played by a small server that
 * echoes the trace headers it received; booking-service has a port of its own, where a test can bring it back. An
 * open circuit waits 2 s here instead of 10 s before it tries the service again.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"server.shutdown=immediate",
        "resilience4j.circuitbreaker.configs.default.wait-duration-in-open-state=2s"})
class GatewayTests {

    private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-0[01]");
    private static final Duration SLOW_ANSWER = Duration.ofMillis(400);
    private static DisposableServer echoService;
    /** Completed when the echo service has received the call to {@code /streaming-probe}, before its body. */
    private static volatile CompletableFuture<Void> streamingProbeArrived = new CompletableFuture<>();
    /** Calls the echo service received on {@code /flaky}. */
    private static final AtomicInteger flakyCalls = new AtomicInteger();
    /** booking-service's address: closed, until a test starts a stand-in there. */
    private static int bookingPort;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) throws IOException {
        int closed = freePort();
        for (String service : new String[] {"identity", "report-chain"}) {
            registry.add("medledger.services." + service, () -> "http://127.0.0.1:" + closed);
        }
        bookingPort = freePort();
        registry.add("medledger.services.booking", () -> "http://127.0.0.1:" + bookingPort);
        echoService = HttpServer.create().host("127.0.0.1").port(0).handle(GatewayTests::echo).bindNow();
        registry.add("medledger.services.notification", () -> "http://127.0.0.1:" + echoService.port());
        registry.add("medledger.keycloak.url", () -> "http://127.0.0.1:" + closed);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * notification-service's stand-in: echoes the headers it received; {@code /streaming-probe} answers how many body
     * bytes arrived, after signalling that the call did; {@code /flaky} answers 503 to its first call, then 200.
     */
    private static Publisher<Void> echo(HttpServerRequest request, HttpServerResponse response) {
        response.header("Content-Type", "application/json");
        if (request.uri().contains("/streaming-probe")) {
            return response.sendString(Mono.fromRunnable(() -> streamingProbeArrived.complete(null))
                    .then(request.receive().map(ByteBuf::readableBytes).reduce(0, Integer::sum))
                    .map(bytes -> "{\"bytes\":" + bytes + "}"));
        }
        if (request.uri().contains("/flaky")) {
            int call = flakyCalls.incrementAndGet();
            return response.status(call == 1 ? 503 : 200).sendString(Mono.just("{\"call\":" + call + "}"));
        }
        return response.header("Set-Cookie", "service-cookie=from-the-service")
                .sendString(Mono.just("{\"traceparent\":\"" + request.requestHeaders().get("traceparent")
                                + "\",\"requestId\":\"" + request.requestHeaders().get("X-Request-Id")
                                + "\",\"expect\":\"" + request.requestHeaders().get("Expect")
                                + "\",\"cookie\":\"" + request.requestHeaders().get("Cookie")
                                + "\",\"forwarded\":\"" + request.requestHeaders().get("Forwarded")
                                + "\",\"forwardedHost\":\"" + request.requestHeaders().get("X-Forwarded-Host") + "\"}")
                        .delayElement(request.uri().contains("/slow") ? SLOW_ANSWER : Duration.ZERO));
    }

    @AfterAll
    static void stopEchoService() {
        echoService.disposeNow();
    }

    @Autowired ApplicationContext context;
    @Autowired ReactiveClientRegistrationRepository registrations;
    @LocalServerPort int port;
    WebTestClient client;

    @BeforeEach
    void bind() {
        client = WebTestClient.bindToApplicationContext(context).apply(springSecurity()).configureClient().build();
    }

    @Test
    void apiCall_withoutToken_is401ProblemJson() {
        client.get().uri("/api/bookings/appointments").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("https://medledger.org/problems/unauthenticated");
    }

    @Test
    void page_withoutSession_redirectsToKeycloakLogin() {
        client.get().uri("/some/page").accept(MediaType.TEXT_HTML).exchange()
                .expectStatus().is3xxRedirection()
                .expectHeader().location("/oauth2/authorization/keycloak");
    }

    @Test
    void serviceDown_answers503ProblemNamingTheService() {
        client.mutateWith(mockJwt()).get().uri("/api/bookings/appointments").exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.service").isEqualTo("booking-service");
    }

    @Test
    void serviceDown_opensItsCircuit_otherRoutesKeepWorking_andTheCircuitClosesWhenItReturns() {
        // booking-service refuses connections: 10 failed calls (the window's minimum, all failing) open its circuit
        for (int i = 0; i < 10; i++) {
            bookingSlots().expectStatus().isEqualTo(503)
                    .expectBody().jsonPath("$.service").isEqualTo("booking-service");
        }
        AtomicInteger served = new AtomicInteger();
        DisposableServer booking = HttpServer.create().host("127.0.0.1").port(bookingPort)
                .handle((request, response) -> {
                    served.incrementAndGet();
                    // no connection left in the gateway's pool: once disposed, the service is down again for other tests
                    return response.keepAlive(false).header("Content-Type", "application/json")
                            .sendString(Mono.just("[]"));
                })
                .bindNow();
        try {
            // back, but the circuit is open: the fallback answers at once and the service is not called
            long start = System.nanoTime();
            bookingSlots().expectStatus().isEqualTo(503)
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
            assertThat(served).hasValue(0);
            // the other services' routes are not affected
            client.mutateWith(mockJwt()).get().uri("/api/notifications/inbox").exchange().expectStatus().isOk();

            // after the open state's wait, trial calls reach the service, succeed and close the circuit
            Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> bookingSlots().expectStatus().isOk());
            for (int i = 0; i < 5; i++) {
                bookingSlots().expectStatus().isOk();
            }
            assertThat(served).hasValueGreaterThanOrEqualTo(6);
        } finally {
            booking.disposeNow();
        }
    }

    private WebTestClient.ResponseSpec bookingSlots() {
        return client.mutateWith(mockJwt()).get().uri("/api/bookings/slots").exchange();
    }

    @Test
    void manyCallsAtOnceToOneService_areAllServed() throws Exception {
        int callers = 60;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> answers = pool.invokeAll(Collections.nCopies(callers, () -> client.mutateWith(mockJwt())
                    .get().uri("/api/notifications/slow").exchange().returnResult(String.class).getStatus().value()));
            for (Future<Integer> answer : answers) {
                // no concurrency cap of the gateway's own (resilience4j's default bulkhead allows 25) turns callers away
                assertThat(answer.get()).isEqualTo(200);
            }
        }
    }

    @Test
    void directory_isPublicButPendingDoctorsAreNot() {
        client.get().uri("/api/identity/doctors/3587fe6a-13b3-4914-a203-3ecee2e1c01d").exchange()
                .expectStatus().isEqualTo(503);
        client.get().uri("/api/identity/doctors/pending").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void registration_isRateLimitedPerCaller_withAProblemAndRetryAfter() {
        int limited = 0;
        for (int i = 0; i < 12; i++) {
            var result = client.post().uri("/api/identity/patients").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{}").exchange().expectBody(String.class).returnResult();
            int status = result.getStatus().value();
            assertThat(status).isIn(503, 429);
            if (status == 429) {
                limited++;
                assertThat(result.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
                // 10 per 10 minutes, refilled greedily: the next token is a minute away
                assertThat(Long.parseLong(result.getResponseHeaders().getFirst("Retry-After"))).isBetween(50L, 60L);
                assertThat(result.getResponseBody())
                        .contains("\"type\":\"https://medledger.org/problems/too-many-requests\"")
                        .contains("\"title\":\"Too Many Requests\"", "\"status\":429", "\"detail\":\"Too many requests");
            }
        }
        assertThat(limited).isEqualTo(2);
    }

    @Test
    void oversizedBody_is413Problem() {
        // over the wire, so the request carries its Content-Length; the size check comes before the route's rate limit
        WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build()
                .post().uri("/api/identity/patients").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(new byte[64 * 1024 + 1]).exchange()
                .expectStatus().isEqualTo(413)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().doesNotExist("errorMessage")
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://medledger.org/problems/payload-too-large")
                .jsonPath("$.title").isEqualTo("Content Too Large")
                .jsonPath("$.status").isEqualTo(413)
                .jsonPath("$.detail").isEqualTo("The request body is larger than this call accepts.");
    }

    @Test
    void oversizedHeaders_are431Problem() {
        WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build()
                .get().uri("/api/bookings/appointments").header("X-Padding", "p".repeat(17 * 1024)).exchange()
                .expectStatus().isEqualTo(431)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://medledger.org/problems/request-header-fields-too-large")
                .jsonPath("$.status").isEqualTo(431)
                .jsonPath("$.detail").isNotEmpty();
    }

    @Test
    void traceContext_isContinuedToTheServiceAndReturned() {
        String callerTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
        String callerSpan = "00f067aa0ba902b7";
        var result = client.mutateWith(mockJwt()).get().uri("/api/notifications/inbox")
                .header("traceparent", "00-" + callerTrace + "-" + callerSpan + "-01").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult();

        // no request id offered: the trace id is the request id, at the service and on the response
        assertThat(result.getResponseHeaders().getFirst("X-Request-Id")).isEqualTo(callerTrace);
        Matcher returned = TRACEPARENT.matcher(result.getResponseHeaders().getFirst("traceparent"));
        assertThat(returned.matches()).isTrue();
        assertThat(returned.group(1)).isEqualTo(callerTrace);
        assertThat(returned.group(2)).isNotEqualTo(callerSpan);
        assertThat(result.getResponseBody()).contains("\"requestId\":\"" + callerTrace + "\"");
        Matcher forwarded = TRACEPARENT.matcher(result.getResponseBody().replaceAll(".*\"traceparent\":\"([^\"]*)\".*", "$1"));
        assertThat(forwarded.matches()).isTrue();
        assertThat(forwarded.group(1)).isEqualTo(callerTrace);
        assertThat(forwarded.group(2)).isNotEqualTo(callerSpan);
    }

    @Test
    void requestBody_streamsOnToTheService_neverHeldWholeByTheGateway() {
        streamingProbeArrived = new CompletableFuture<>();
        DataBufferFactory buffers = DefaultDataBufferFactory.sharedInstance;
        // the rest of the body only once the service has the call: a gateway that read the whole body before routing
        // (Spring Cloud Gateway caches it for circuit-breaker fallbacks and retries unless told not to) never routes
        Flux<DataBuffer> body = Flux.concat(Mono.fromCallable(() -> buffers.wrap(new byte[1000])),
                Mono.fromFuture(streamingProbeArrived).timeout(Duration.ofSeconds(10))
                        .then(Mono.fromCallable(() -> buffers.wrap(new byte[2000]))));

        client.mutateWith(mockJwt()).post().uri("/api/notifications/streaming-probe")
                .contentType(MediaType.APPLICATION_OCTET_STREAM).body(body, DataBuffer.class).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.bytes").isEqualTo(3000);
    }

    @Test
    void failedGet_isRetriedOnce_butAFailedPostIsNot() {
        flakyCalls.set(0);
        client.mutateWith(mockJwt()).get().uri("/api/notifications/flaky").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.call").isEqualTo(2);

        flakyCalls.set(0);
        client.mutateWith(mockJwt()).post().uri("/api/notifications/flaky").bodyValue("{}").exchange()
                .expectStatus().isEqualTo(503);
        assertThat(flakyCalls).hasValue(1);
    }

    @Test
    void expectContinue_isAnsweredByTheGateway_notPassedOnToTheService() {
        client.mutateWith(mockJwt()).post().uri("/api/notifications/upload")
                .header("Expect", "100-continue").bodyValue("body").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.expect").isEqualTo("null");
    }

    @Test
    void cookies_neverCrossTheGateway_neitherTheBrowsersToTheServiceNorTheServicesToTheBrowser() {
        client.mutateWith(mockJwt()).get().uri("/api/notifications/inbox").cookie("SESSION", "browser-session")
                .exchange()
                .expectStatus().isOk()
                // the gateway sets its own cookies (CSRF token, expiring an unknown session); the service's never arrive
                .expectHeader().values("Set-Cookie", cookies -> assertThat(cookies)
                        .isNotEmpty().noneMatch(cookie -> cookie.startsWith("service-cookie")))
                .expectBody().jsonPath("$.cookie").isEqualTo("null");
    }

    @Test
    void forwardingHeadersACallerMadeUp_neverReachTheService() {
        client.mutateWith(mockJwt()).get().uri("/api/notifications/inbox")
                .header("Forwarded", "for=203.0.113.9;host=spoofed.example.com")
                .header("X-Forwarded-Host", "spoofed.example.com").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.forwarded").isEqualTo("null")
                .jsonPath("$.forwardedHost").isEqualTo("null");
    }

    @Test
    void traceContext_isStartedWhenTheCallerSendsNone_andAnOfferedRequestIdIsKept() {
        var result = client.mutateWith(mockJwt()).get().uri("/api/notifications/inbox")
                .header("X-Request-Id", "mobile-4711-abcdef").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult();

        Matcher returned = TRACEPARENT.matcher(result.getResponseHeaders().getFirst("traceparent"));
        assertThat(returned.matches()).isTrue();
        assertThat(result.getResponseHeaders().getFirst("X-Request-Id")).isEqualTo("mobile-4711-abcdef");
        assertThat(result.getResponseBody()).contains("\"requestId\":\"mobile-4711-abcdef\"")
                .contains("\"traceparent\":\"00-" + returned.group(1) + "-");
    }

    @Test
    void cookieBorneWrite_withoutCsrfToken_isRefused() {
        client.mutateWith(mockJwt()).post().uri("/api/bookings/appointments").cookie("SESSION", "abc")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                .expectStatus().isForbidden()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("https://medledger.org/problems/csrf-token-invalid");
    }

    @Test
    void browserWithoutCookies_getsTheCsrfTokenCookie_bearerCallsAreLeftStateless() {
        client.get().uri("/").exchange()
                .expectStatus().isOk()
                .expectCookie().exists("XSRF-TOKEN");
        client.get().uri("/api/bookings/appointments").header("Authorization", "Bearer not-a-jwt").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().doesNotExist("Set-Cookie");
    }

    @Test
    void malformedBearerToken_is401InvalidTokenProblem() {
        client.get().uri("/api/bookings/appointments").header("Authorization", "Bearer not-a-jwt").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueMatches("WWW-Authenticate", ".*invalid_token.*")
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("https://medledger.org/problems/invalid-token");
    }

    @Test
    void signedBearerToken_whenKeycloaksKeysCannotBeFetched_is503Problem() throws Exception {
        // Keycloak's address is a closed port here: the token's signature cannot be checked at all
        RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(),
                new JWTClaimsSet.Builder().subject("someone").audience("medledger")
                        .expirationTime(Date.from(Instant.now().plusSeconds(300))).build());
        jwt.sign(new RSASSASigner(key));

        client.get().uri("/api/bookings/appointments").header("Authorization", "Bearer " + jwt.serialize()).exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("https://medledger.org/problems/identity-provider-unavailable");
    }

    @Test
    void everyResponse_carriesSecurityHeadersAndARequestId() {
        client.get().uri("/actuator/health").header("X-Request-Id", "req-12345678").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-Request-Id", "req-12345678")
                .expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                .expectHeader().valueEquals("X-Frame-Options", "DENY")
                .expectHeader().value("Content-Security-Policy", csp -> assertThat(csp)
                        .contains("script-src 'self'").contains("frame-ancestors 'none'"));
        client.get().uri("/actuator/health").header("X-Request-Id", "bad id\u0000").exchange()
                .expectHeader().value("X-Request-Id", id -> assertThat(id).matches("[0-9a-f]{32}"))
                .expectHeader().value("traceparent", traceparent -> assertThat(traceparent).matches(TRACEPARENT));
    }

    @Test
    void apiDocs_showEveryServicesDocument_toVisitorsToo() {
        client.get().uri("/api/docs").exchange()
                .expectStatus().is3xxRedirection()
                .expectHeader().valueEquals("Location", "/api/swagger-ui/index.html");
        client.get().uri("/api/swagger-ui/index.html").exchange()
                .expectStatus().isOk()
                .expectHeader().value("Content-Security-Policy", csp -> assertThat(csp).contains("script-src 'self'"))
                .expectBody(String.class).value(html -> assertThat(html).contains("swagger-initializer.js"));
        client.get().uri("/v3/api-docs/swagger-config").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.urls[*].url").value(urls -> assertThat(urls)
                        .asInstanceOf(InstanceOfAssertFactories.LIST).containsExactlyInAnyOrder("/v3/api-docs/identity",
                                "/v3/api-docs/booking", "/v3/api-docs/report-chain", "/v3/api-docs/notification"));
        // the documents themselves are the services' own, routed (notification-service is the echo service here)
        client.get().uri("/v3/api-docs/notification").exchange().expectStatus().isOk();
        client.get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.paths").isEmpty();
    }

    @Test
    void actuator_exposesOnlyHealthToThePublic() {
        client.get().uri("/actuator/prometheus").exchange().expectStatus().value(status -> assertThat(status).isIn(401, 403));
        client.get().uri("/actuator/env").exchange().expectStatus().value(status -> assertThat(status).isIn(401, 403, 404));
    }

    @Test
    void signOut_endsTheKeycloakSessionToo() {
        ClientRegistration keycloak = registrations.findByRegistrationId("keycloak").block();
        String issuer = keycloak.getProviderDetails().getIssuerUri();
        assertThat(issuer).endsWith("/realms/medledger");

        client.mutateWith(mockOidcLogin().clientRegistration(keycloak)).post().uri("/logout").exchange()
                .expectStatus().is3xxRedirection()
                .expectHeader().value("Location", location -> assertThat(location)
                        .startsWith(issuer + "/protocol/openid-connect/logout?")
                        .contains("id_token_hint=")
                        .contains("post_logout_redirect_uri="));
    }
}
