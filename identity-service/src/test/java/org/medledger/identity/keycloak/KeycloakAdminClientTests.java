package org.medledger.identity.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.test.StepVerifier;

/**
 * The adapter's handling of Keycloak's answers, against a stub that answers like Keycloak's Admin API: status and
 * error bodies mapped to the right exception, retries only where safe, the circuit breaker, the token cache. The
 * real Keycloak is {@code KeycloakIntegrationTest}'s business.
 */
class KeycloakAdminClientTests {

    private static final String ADMIN = "/admin/realms/medledger";

    private HttpServer server;
    private final Map<String, Stub> stubs = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger tokensIssued = new AtomicInteger();
    private KeycloakAdminClient client;

    /** An answer to {@code METHOD path}. */
    interface Stub {
        Answer answer(HttpExchange exchange, String body, int call);
    }

    record Answer(int status, String body, Map<String, String> headers) {
        static Answer of(int status, String body) {
            return new Answer(status, body, Map.of());
        }
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            String key = exchange.getRequestMethod() + " " + path;
            if (path.endsWith("/protocol/openid-connect/token")) {
                tokensIssued.incrementAndGet();
                respond(exchange, Answer.of(200, "{\"access_token\":\"token-" + tokensIssued.get()
                        + "\",\"token_type\":\"Bearer\",\"expires_in\":300}"));
                return;
            }
            requests.add(key + " " + exchange.getRequestHeaders().getFirst("Authorization"));
            Stub stub = stubs.get(key);
            int call = calls.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            respond(exchange, stub == null ? Answer.of(404, "{\"error\":\"not stubbed\"}") : stub.answer(exchange, body, call));
        });
        server.start();
        client = client(baseUrl(), 3);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static KeycloakAdminClient client(URI url, int maxAttempts) {
        KeycloakProperties properties = new KeycloakProperties(url, "medledger", "identity-service", "secret",
                Duration.ofSeconds(1), Duration.ofSeconds(2), 2,
                new KeycloakProperties.Resilience(maxAttempts, Duration.ofMillis(10), 50, 4, 4, Duration.ofSeconds(30)));
        KeycloakConfiguration configuration = new KeycloakConfiguration();
        var meters = new DefaultListableBeanFactory().getBeanProvider(MeterRegistry.class);
        return configuration.keycloakUsers(WebClient.builder(), properties,
                configuration.keycloakCircuitBreaker(properties, meters), configuration.keycloakRetry(properties, meters));
    }

    private static void respond(HttpExchange exchange, Answer answer) throws IOException {
        byte[] bytes = answer.body() == null ? new byte[0] : answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        answer.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }

    private void stub(String methodAndPath, Stub stub) {
        stubs.put(methodAndPath.replace("{admin}", ADMIN), stub);
    }

    @Test
    void create_201_idFromLocationAndBearerToken() {
        stub("POST {admin}/users", (exchange, body, call) -> {
            assertThat(body).contains("\"username\":\"new@example.org\"", "\"enabled\":true").doesNotContain("credentials");
            return new Answer(201, null, Map.of("Location", baseUrl() + ADMIN + "/users/4f1d-id"));
        });

        StepVerifier.create(client.create(new NewKeycloakUser("new@example.org", "New", "User")))
                .expectNext("4f1d-id")
                .verifyComplete();
        assertThat(requests).containsExactly("POST " + ADMIN + "/users Bearer token-1");
    }

    @Test
    void create_409_conflictWithKeycloaksMessage() {
        stub("POST {admin}/users", (exchange, body, call) -> Answer.of(409, "{\"errorMessage\":\"User exists with same email\"}"));

        StepVerifier.create(client.create(new NewKeycloakUser("taken@example.org", "Ta", "Ken")))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(KeycloakConflictException.class)
                        .hasMessage("User exists with same email"))
                .verify();
    }

    @Test
    void create_500_unavailableAndNotRepeated() {
        stub("POST {admin}/users", (exchange, body, call) -> Answer.of(500, "{}"));

        StepVerifier.create(client.create(new NewKeycloakUser("x@example.org", "X", "Y")))
                .expectError(KeycloakUnavailableException.class)
                .verify();
        assertThat(requests).hasSize(1);
    }

    @Test
    void setPassword_policyRefusal_rejectedWithReasonNeverQuotingThePassword() {
        stub("PUT {admin}/users/u1/reset-password", (exchange, body, call) -> Answer.of(400,
                "{\"error\":\"invalidPasswordMinLengthMessage\",\"error_description\":\"Invalid password: minimum length 12.\"}"));
        stub("PUT {admin}/users/u2/reset-password", (exchange, body, call) -> Answer.of(400,
                "{\"error_description\":\"Password hunter2 is on a blocklist\"}"));

        StepVerifier.create(client.setPassword("u1", "short"))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(KeycloakRejectedException.class)
                        .hasMessage("Invalid password: minimum length 12."))
                .verify();
        StepVerifier.create(client.setPassword("u2", "hunter2"))
                .expectErrorSatisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"))
                .verify();
    }

    @Test
    void findById_404_empty() {
        StepVerifier.create(client.findById("missing")).verifyComplete();
    }

    @Test
    void findByEmail_keepsOnlyTheExactAddressCaseInsensitively() {
        stub("GET {admin}/users", (exchange, body, call) -> {
            assertThat(exchange.getRequestURI().getRawQuery()).contains("email=A%2BB%40example.org", "exact=true");
            return Answer.of(200, "[{\"id\":\"1\",\"username\":\"xa+b@example.org\",\"email\":\"xa+b@example.org\"},"
                    + "{\"id\":\"2\",\"username\":\"a+b@example.org\",\"email\":\"a+b@example.org\",\"createdTimestamp\":1700000000000,\"totp\":false}]");
        });

        StepVerifier.create(client.findByEmail("A+B@example.org"))
                .assertNext(user -> {
                    assertThat(user.id()).isEqualTo("2");
                    assertThat(user.createdAt()).isNotNull();
                })
                .verifyComplete();
    }

    @Test
    void read_503_retriedThenUnavailable() {
        stub("GET {admin}/users/u1", (exchange, body, call) -> Answer.of(503, "{}"));

        StepVerifier.create(client.findById("u1")).expectError(KeycloakUnavailableException.class).verify();
        assertThat(requests).hasSize(3);
    }

    @Test
    void read_503Once_retriedAndSucceeds() {
        stub("GET {admin}/users/u1", (exchange, body, call) -> call == 1 ? Answer.of(503, "{}")
                : Answer.of(200, "{\"id\":\"u1\",\"username\":\"u\",\"email\":\"u@example.org\"}"));

        StepVerifier.create(client.findById("u1")).expectNextCount(1).verifyComplete();
    }

    @Test
    void adminApi401_tokenForgottenAndTheRepeatUsesAFreshOne() {
        stub("GET {admin}/users/u1", (exchange, body, call) -> call == 1 ? Answer.of(401, "{}")
                : Answer.of(200, "{\"id\":\"u1\",\"username\":\"u\"}"));

        StepVerifier.create(client.findById("u1")).expectNextCount(1).verifyComplete();
        assertThat(requests).containsExactly("GET " + ADMIN + "/users/u1 Bearer token-1", "GET " + ADMIN + "/users/u1 Bearer token-2");
    }

    @Test
    void token_reusedAcrossCalls() {
        stub("GET {admin}/users/u1", (exchange, body, call) -> Answer.of(200, "{\"id\":\"u1\",\"username\":\"u\"}"));

        for (int i = 0; i < 3; i++) {
            StepVerifier.create(client.findById("u1")).expectNextCount(1).verifyComplete();
        }
        assertThat(tokensIssued).hasValue(1);
    }

    @Test
    void keycloakNotListening_unavailable() {
        int port = server.getAddress().getPort();
        server.stop(0);
        KeycloakAdminClient unreachable = client(URI.create("http://127.0.0.1:" + port), 2);

        StepVerifier.create(unreachable.findByEmail("a@example.org")).expectError(KeycloakUnavailableException.class).verify();
        StepVerifier.create(unreachable.create(new NewKeycloakUser("a@example.org", "A", "B")))
                .expectError(KeycloakUnavailableException.class).verify();
    }

    @Test
    void circuitBreaker_afterRepeatedFailures_failsFastWithoutCallingKeycloak() {
        KeycloakAdminClient once = client(baseUrl(), 1);
        stub("GET {admin}/users/u1", (exchange, body, call) -> Answer.of(502, "{}"));
        for (int i = 0; i < 4; i++) {
            StepVerifier.create(once.findById("u1")).expectError(KeycloakUnavailableException.class).verify();
        }
        int before = requests.size();

        StepVerifier.create(once.findById("u1"))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(KeycloakUnavailableException.class)
                        .hasMessageContaining("paused"))
                .verify();
        assertThat(requests).hasSize(before);
    }

    @Test
    void grantRealmRole_notHeld_mappedByIdFromAvailableRoles() {
        stub("GET {admin}/users/u1/role-mappings/realm/composite", (exchange, body, call) ->
                Answer.of(200, "[{\"id\":\"r0\",\"name\":\"default-roles-medledger\"}]"));
        stub("GET {admin}/users/u1/role-mappings/realm/available", (exchange, body, call) ->
                Answer.of(200, "[{\"id\":\"r1\",\"name\":\"patient\"},{\"id\":\"r2\",\"name\":\"doctor\"}]"));
        stub("POST {admin}/users/u1/role-mappings/realm", (exchange, body, call) -> {
            assertThat(body).contains("\"id\":\"r2\"", "\"name\":\"doctor\"");
            return Answer.of(204, null);
        });

        StepVerifier.create(client.grantRealmRole("u1", "doctor")).verifyComplete();
        assertThat(requests).anyMatch(request -> request.startsWith("POST " + ADMIN + "/users/u1/role-mappings/realm "));
    }

    @Test
    void grantRealmRole_alreadyHeld_nothingPosted() {
        stub("GET {admin}/users/u1/role-mappings/realm/composite", (exchange, body, call) ->
                Answer.of(200, "[{\"id\":\"r2\",\"name\":\"doctor\"}]"));

        StepVerifier.create(client.grantRealmRole("u1", "doctor")).verifyComplete();
        assertThat(requests).noneMatch(request -> request.startsWith("POST"));
    }

    @Test
    void grantRealmRole_userGone_missingUser() {
        stub("GET {admin}/users/u1/role-mappings/realm/composite", (exchange, body, call) ->
                Answer.of(404, "{\"error\":\"User not found\"}"));

        StepVerifier.create(client.grantRealmRole("u1", "doctor")).expectError(KeycloakMissingUserException.class).verify();
    }

    @Test
    void delete_missingUser_completes() {
        StepVerifier.create(client.delete("gone")).verifyComplete();
    }

    @Test
    void all_pagesUntilAShortPage() {
        stub("GET {admin}/users", (exchange, body, call) -> switch (exchange.getRequestURI().getQuery().contains("first=0") ? 0
                : exchange.getRequestURI().getQuery().contains("first=2") ? 2 : 4) {
            case 0 -> Answer.of(200, "[{\"id\":\"1\",\"username\":\"a\"},{\"id\":\"2\",\"username\":\"b\"}]");
            case 2 -> Answer.of(200, "[{\"id\":\"3\",\"username\":\"c\"},{\"id\":\"4\",\"username\":\"d\"}]");
            default -> Answer.of(200, "[{\"id\":\"5\",\"username\":\"e\"}]");
        });

        StepVerifier.create(client.all().map(KeycloakUser::id)).expectNext("1", "2", "3", "4", "5").verifyComplete();
    }
}
