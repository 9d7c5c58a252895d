package org.medledger.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The foundation's promise: the whole system starts, every service is ready, and a demo user gets through the gateway. */
@ExtendWith(RunningSystem.class)
class SystemSmokeIT {

    private final RunningSystem system = RunningSystem.get();

    @ParameterizedTest
    @ValueSource(strings = {"gateway", "identity", "booking", "report-chain", "notification"})
    void everyService_reportsReady(String service) {
        var config = system.stack().config();
        int port = switch (service) {
            case "gateway" -> config.gatewayPort();
            case "identity" -> config.identityPort();
            case "booking" -> config.bookingPort();
            case "report-chain" -> config.reportChainPort();
            default -> config.notificationPort();
        };
        HttpResponse<String> response = system.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/actuator/health/readiness")).GET().build());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(RunningSystem.json(response.body()).get("status").asString()).isEqualTo("UP");
    }

    @Test
    void demoPatient_withKeycloakToken_readsOwnProfileThroughGateway() {
        String token = system.token("patient1", RunningSystem.DEMO_PASSWORD);
        HttpResponse<String> me = system.get("/api/identity/me", token);
        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
        assertThat(me.body()).contains("patient1@demo.medledger.test").contains("patient");
    }

    @Test
    void apiCall_withoutToken_isRefusedWithProblemJson() {
        HttpResponse<String> response = system.get("/api/bookings/appointments", null);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }

    @Test
    void forgedTokens_areRefused_atTheGateway_andByTheServiceCalledDirectly() throws Exception {
        String real = system.token("patient1", RunningSystem.DEMO_PASSWORD);
        String[] parts = real.split("\\.");
        String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertThat(claims).contains("\"patient1\"");
        String signedPart = parts[0] + "." + parts[1];
        // Keycloak's claims signed by a key of our own, announced under Keycloak's key id
        KeyPair ownKey = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(ownKey.getPrivate());
        signer.update(signedPart.getBytes(StandardCharsets.US_ASCII));
        List<String> forged = List.of(
                // unsigned: alg=none
                base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".",
                // the header's algorithm switched to none, Keycloak's signature kept
                base64Url(header.replace("\"RS256\"", "\"none\"")) + "." + parts[1] + "." + parts[2],
                signedPart + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign()),
                // Keycloak's signature over claims changed afterwards: patient1 posing as admin
                parts[0] + "." + base64Url(claims.replace("\"patient1\"", "\"admin\"")) + "." + parts[2],
                // Keycloak's own tokens, not for MedLedger's API: identity-service's service account (another audience;
                // the development default secret) and the master realm's admin (another issuer and key)
                system.token("medledger", Map.of("grant_type", "client_credentials", "client_id", "identity-service",
                        "client_secret", "dev-only-identity-secret")),
                system.token("master", Map.of("grant_type", "password", "client_id", "admin-cli", "username", "admin",
                        "password", "admin")));
        URI identityDirect = URI.create("http://localhost:" + system.stack().config().identityPort() + "/api/identity/me");
        assertThat(system.get("/api/identity/me", real).statusCode()).isEqualTo(200);
        for (String token : forged) {
            HttpResponse<String> viaGateway = system.get("/api/identity/me", token);
            assertThat(viaGateway.statusCode()).as(viaGateway.body()).isEqualTo(401);
            assertThat(viaGateway.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            HttpResponse<String> direct = system.send(HttpRequest.newBuilder(identityDirect)
                    .header("Authorization", "Bearer " + token).GET().build());
            assertThat(direct.statusCode()).as(direct.body()).isEqualTo(401);
        }
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void gatewayActuator_exposesHealthButNothingElse() {
        assertThat(system.get("/actuator/health", null).statusCode()).isEqualTo(200);
        assertThat(system.get("/actuator/env", null).statusCode()).isIn(401, 403, 404);
    }

    /** README acceptance: {@code kcat -b localhost:9092 -L} lists the broker. */
    @Test
    void kcat_listsTheBroker() {
        int port = system.stack().config().kafkaPort();
        String metadata = run(List.of("kcat", "-b", "localhost:" + port, "-L", "-m", "10"), List.of());
        assertThat(metadata).contains("1 brokers:").contains("localhost:" + port);
    }

    /** README acceptance: {@code aws --endpoint-url http://localhost:9000 s3 ls} (dev credentials) lists both buckets. */
    @Test
    void awsCli_listsBothBuckets() {
        var config = system.stack().config();
        String buckets = run(List.of("aws", "--endpoint-url", "http://localhost:" + config.s3Port(), "s3", "ls"),
                List.of("AWS_ACCESS_KEY_ID=" + config.s3AccessKey(), "AWS_SECRET_ACCESS_KEY=" + config.s3SecretKey(),
                        "AWS_DEFAULT_REGION=us-east-1", "AWS_EC2_METADATA_DISABLED=true"));
        assertThat(buckets).contains("reports-a").contains("reports-b");
    }

    /** A doctor awaiting approval can sign in, but no service lets the token act as a doctor until an admin approves. */
    @Test
    void pendingDoctor_cannotActAsDoctorAnywhere_untilApproved() {
        String email = "doc-" + UUID.randomUUID().toString().substring(0, 8) + "@smoke.medledger.test";
        String password = "Smoke-Pass-2026!";
        HttpResponse<String> registered = system.send(HttpRequest.newBuilder(system.gateway().resolve("/api/identity/doctors"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"name":"Dora Pending","email":"%s","password":"%s","gender":"FEMALE","specialization":"neurology",
                         "address":"2 Hospital Road, Testville","dateOfBirth":"1975-02-14","phone":"+41 79 555 12 35"}
                        """.formatted(email, password))).build());
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        String doctorId = RunningSystem.json(registered.body()).get("id").asString();
        Instant start = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
        String slot = """
                {"start":"%s","end":"%s"}""".formatted(start, start.plus(30, ChronoUnit.MINUTES));

        Api pending = new Api(system, system.token(email, password));
        HttpResponse<String> publish = pending.post("/api/bookings/slots", slot);
        assertThat(publish.statusCode()).as("booking, pending doctor: " + publish.body()).isEqualTo(403);
        HttpResponse<String> upload = pending.upload("/api/reports", UUID.randomUUID().toString(), "report.pdf",
                "application/pdf", "%PDF-1.7 pending".getBytes(StandardCharsets.UTF_8));
        assertThat(upload.statusCode()).as("report-chain, pending doctor: " + upload.body()).isEqualTo(403);

        HttpResponse<String> approved = Api.as(system, "admin").post("/api/identity/doctors/" + doctorId + "/approve", null);
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        Api doctor = new Api(system, system.token(email, password));
        HttpResponse<String> published = doctor.post("/api/bookings/slots", slot);
        assertThat(published.statusCode()).as("booking, approved doctor: " + published.body()).isEqualTo(201);
    }

    /** Runs a command-line client; skips when it is not installed (.ci/run installs it) and fails on a non-zero exit. */
    private static String run(List<String> command, List<String> environment) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        environment.forEach(entry -> builder.environment().put(entry.substring(0, entry.indexOf('=')),
                entry.substring(entry.indexOf('=') + 1)));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            Assumptions.abort(command.getFirst() + " is not installed (.ci/run installs it): " + e.getMessage());
            throw new AssertionError(e);
        }
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", command) + " finished").isTrue();
            assertThat(process.exitValue()).as(String.join(" ", command) + ":%n" + output).isZero();
            return output;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            process.destroyForcibly();
        }
    }
}
