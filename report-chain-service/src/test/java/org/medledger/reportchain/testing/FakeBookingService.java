package org.medledger.reportchain.testing;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A stand-in for booking-service over real HTTP (reactor-netty), answering
 * {@code GET /api/bookings/appointments/{id}} like booking-service does: the appointment for its doctor or its
 * patient (identified by the relayed test token), 404 for anyone else, 401 without a token. It remembers the
 * {@code Authorization} header of the last call, and can be told to fail or to be slow.
 */
public final class FakeBookingService {

    private static FakeBookingService instance;

    private final Map<String, Appt> appointments = new ConcurrentHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final DisposableServer server;
    private volatile String lastAuthorization;
    private volatile int failWithStatus;
    private volatile Duration delay = Duration.ZERO;

    private record Appt(String id, String doctorId, String patientId, String status) {
    }

    private FakeBookingService() {
        server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .route(routes -> routes.get("/api/bookings/appointments/{id}", (request, response) -> {
                    calls.incrementAndGet();
                    String authorization = request.requestHeaders().get("Authorization");
                    lastAuthorization = authorization;
                    Mono<Void> delayed = delay.isZero() ? Mono.empty() : Mono.delay(delay).then();
                    return delayed.then(Mono.defer(() -> {
                        if (failWithStatus != 0) {
                            return response.status(failWithStatus).sendString(Mono.just("{}")).then();
                        }
                        String subject = authorization != null && authorization.startsWith("Bearer ")
                                ? TestTokens.subjectOf(authorization.substring(7)) : null;
                        if (subject == null) {
                            return response.status(401).send().then();
                        }
                        Appt appt = appointments.get(request.param("id"));
                        if (appt == null || !(subject.equals(appt.doctorId()) || subject.equals(appt.patientId()))) {
                            return response.status(404)
                                    .header("Content-Type", "application/problem+json")
                                    .sendString(Mono.just("{\"type\":\"https://medledger.org/problems/appointment-not-found\","
                                            + "\"status\":404}"))
                                    .then();
                        }
                        String json = "{\"id\":\"" + appt.id() + "\",\"status\":\"" + appt.status()
                                + "\",\"slotId\":\"s-1\",\"doctorId\":\"" + appt.doctorId() + "\",\"doctorName\":\"Dr\","
                                + "\"patientId\":\"" + appt.patientId() + "\",\"symptoms\":\"private\",\"age\":40}";
                        return response.header("Content-Type", "application/json").sendString(Mono.just(json)).then();
                    }));
                }))
                .bindNow();
    }

    /** The shared instance, started on first use. */
    public static synchronized FakeBookingService instance() {
        if (instance == null) {
            instance = new FakeBookingService();
        }
        return instance;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    /** Adds or replaces an appointment. */
    public void appointment(String id, String doctorId, String patientId, String status) {
        appointments.put(id, new Appt(id, doctorId, patientId, status));
    }

    /** The Authorization header of the latest call. */
    public String lastAuthorization() {
        return lastAuthorization;
    }

    /** Calls answered so far. */
    public int calls() {
        return calls.get();
    }

    /** Answers every call with {@code status} (0: behave normally). */
    public void failWith(int status) {
        this.failWithStatus = status;
    }

    /** Delays every answer (zero: answer at once). */
    public void delay(Duration delay) {
        this.delay = delay;
    }

    /** Back to normal behaviour. */
    public void reset() {
        failWithStatus = 0;
        delay = Duration.ZERO;
    }
}
