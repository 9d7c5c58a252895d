package org.medledger.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
    void gatewayActuator_exposesHealthButNothingElse() {
        assertThat(system.get("/actuator/health", null).statusCode()).isEqualTo(200);
        assertThat(system.get("/actuator/env", null).statusCode()).isIn(401, 403, 404);
    }
}
