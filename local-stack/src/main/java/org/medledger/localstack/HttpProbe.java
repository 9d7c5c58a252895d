package org.medledger.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * Asks an HTTP endpoint whether a process is ready, the way a load balancer would.
 *
 * <p>"The port is open" is not "ready": Keycloak listens long before the realm is imported, and a Spring Boot
 * service listens before its Kafka consumers and Mongo indexes are up. So readiness is a real answer from the
 * endpoint that means it (the realm's discovery document, the actuator's readiness group).
 */
final class HttpProbe {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(3);

    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /** Whether {@code uri} answers now with a response that {@code ready} accepts; any failure counts as "no". */
    boolean isReady(URI uri, Predicate<HttpResponse<String>> ready) {
        try {
            var request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET().build();
            return ready.test(client.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** HTTP 200. */
    static boolean ok(HttpResponse<String> response) {
        return response.statusCode() == 200;
    }

    /** HTTP 200 with the actuator's {@code "status":"UP"}. */
    static boolean up(HttpResponse<String> response) {
        return response.statusCode() == 200 && response.body().replace(" ", "").contains("\"status\":\"UP\"");
    }

    /**
     * Sleeps between two polls.
     *
     * @throws IllegalStateException when interrupted (the launcher interrupts a start-up on Ctrl-C); the interrupt
     *                               flag is kept so that callers further up see it too
     */
    static void pause(Duration pause, String waitingFor) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + waitingFor, e);
        }
    }
}
