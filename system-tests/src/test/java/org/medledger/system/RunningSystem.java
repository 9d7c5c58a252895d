package org.medledger.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.medledger.localstack.LocalStack;
import org.medledger.localstack.LocalStackConfig;
import org.medledger.localstack.ServiceProcesses;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole system, started once per test run the way {@code ./medledger run} starts it (local stack, Keycloak,
 * the five service jars), and stopped when the run ends. System test classes share it with
 * {@code @ExtendWith(RunningSystem.class)}: starting it costs about a minute, so the tests are few and broad.
 */
public final class RunningSystem implements BeforeAllCallback, ExtensionContext.Store.CloseableResource {

    public static final String DEMO_PASSWORD = "Demo-Pass-2026!";
    /**
     * What the tests change in the services' configuration: report-chain-service's transfer budget has room for one
     * transfer at a time (12 MiB: one download reserves about 10), so a browser test can fill it with one stalled
     * upload and see a download wait for room. The tests move one report at a time.
     */
    private static final Map<String, String> TEST_ENVIRONMENT = Map.of("MEDLEDGER_REPORTS_TRANSFERMEMORY", "12MB");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static RunningSystem instance;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private LocalStack stack;
    private ServiceProcesses services;

    @Override
    public void beforeAll(ExtensionContext context) {
        synchronized (RunningSystem.class) {
            if (instance == null) {
                Path repoRoot = Path.of(System.getProperty("medledger.repo.root", "..")).toAbsolutePath().normalize();
                Path dataDir = repoRoot.resolve("system-tests/target/medledger-data");
                clear(dataDir); // every run starts as CI does: realm imported afresh, no old topics or data
                RunningSystem system = new RunningSystem();
                system.stack = LocalStack.start(LocalStackConfig.fromEnvironment().withDataDir(dataDir));
                try {
                    system.services = ServiceProcesses.start(system.stack, repoRoot, TEST_ENVIRONMENT);
                } catch (RuntimeException | Error e) {
                    system.stack.close();
                    throw e;
                }
                instance = system;
                context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put(RunningSystem.class.getName(), system);
            }
        }
    }

    private static void clear(Path dir) {
        try {
            FileSystemUtils.deleteRecursively(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear the system tests' data folder " + dir, e);
        }
    }

    public static RunningSystem get() {
        return instance;
    }

    public LocalStack stack() {
        return stack;
    }

    public URI gateway() {
        return URI.create("http://localhost:" + stack.config().gatewayPort());
    }

    /** An access token for a user, through the dev-only direct-grant client {@code medledger-cli}. */
    public String token(String username, String password) {
        return token("medledger", Map.of("grant_type", "password", "client_id", "medledger-cli", "username", username,
                "password", password, "scope", "openid"));
    }

    /** An access token from the token endpoint of Keycloak's {@code realm} for the request {@code form}. */
    public String token(String realm, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        URI endpoint = URI.create(stack.config().issuerUri().replace("/realms/medledger", "/realms/" + realm)
                + "/protocol/openid-connect/token");
        HttpResponse<String> response = send(HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("no token from realm " + realm + " for client " + form.get("client_id")
                    + " (" + form.getOrDefault("username", "service account") + "): HTTP " + response.statusCode());
        }
        return json(response.body()).get("access_token").asString();
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** GET through the gateway, with a bearer token when one is given. */
    public HttpResponse<String> get(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway().resolve(path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    public static JsonNode json(String body) {
        return JSON.readTree(body);
    }

    @Override
    public void close() {
        try (LocalStack closingStack = stack; ServiceProcesses closingServices = services) {
            // services close first, then the stack
        }
    }
}
