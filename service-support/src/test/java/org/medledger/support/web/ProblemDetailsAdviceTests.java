package org.medledger.support.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.medledger.support.test.UnreachableDependenciesTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

@UnreachableDependenciesTest
@ExtendWith(OutputCaptureExtension.class)
class ProblemDetailsAdviceTests {

    @Autowired
    WebTestClient client;

    @Test
    void databaseUnreachable_503ProblemNot500() {
        client.get().uri("/probe/database").exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().exists("Retry-After")
                .expectBody().jsonPath("$.type").isEqualTo("https://medledger.org/problems/database-unavailable");
    }

    @Test
    void unexpectedFailure_500WithIncidentLoggedWithClassesButNoMessageText(CapturedOutput output) {
        Map<?, ?> problem = client.get().uri("/probe/failure").exchange()
                .expectStatus().isEqualTo(500)
                .expectBody(Map.class).returnResult().getResponseBody();

        String detail = (String) problem.get("detail");
        String incident = detail.replaceAll(".*Incident ([0-9a-f-]{36}).*", "$1");
        assertThat(incident).hasSize(36);
        assertThat(output.getOut() + output.getErr())
                .contains("incident " + incident, IllegalStateException.class.getName(), RuntimeException.class.getName())
                .contains("UnreachableDependenciesTest$Probe.failure") // the stack trace is kept
                .doesNotContain("alice@example.org")
                .doesNotContain("wrapped");
    }

    @Test
    void redactedFailure_keepsClassesAndStackTraceOfTheWholeChainWithoutMessages() {
        var original = new IllegalStateException("outer secret", new RuntimeException("inner secret"));

        RedactedFailure redacted = RedactedFailure.of(original);

        assertThat(redacted.getMessage()).isEqualTo(IllegalStateException.class.getName());
        assertThat(redacted.getStackTrace()).isEqualTo(original.getStackTrace());
        assertThat(redacted.getCause().getMessage()).isEqualTo(RuntimeException.class.getName());
        assertThat(redacted.getCause().getCause()).isNull();
        assertThat(RedactedFailure.classes(original))
                .isEqualTo(IllegalStateException.class.getName() + " <- " + RuntimeException.class.getName());
    }
}
