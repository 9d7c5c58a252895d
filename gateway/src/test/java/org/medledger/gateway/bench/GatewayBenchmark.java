package org.medledger.gateway.bench;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.medledger.gateway.GatewayApplication;
import org.medledger.standin.ServiceStandIn;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;

/**
 * Gateway overhead: an authenticated GET through the gateway next to the same GET straight to the service, in one
 * run, at one caller (latency) and at {@code concurrency} callers (throughput).
 *
 * <p>As deployed, gateway and service each run in a JVM of their own (started here with this classpath, the
 * gateway's without service-support, as it ships), and this JVM is the load generator. The service is
 * {@link ServiceStandIn}: Spring Boot WebFlux secured by service-support exactly as the services are (it validates
 * the bearer token itself), answering a cheap read with a small JSON. "direct" calls it straight, "gateway" through
 * the gateway routed to it; both validate the same real RS256 token against the same JWK set served from here, and
 * the gateway runs with its own configuration (routes, filters, circuit breaker, security, tracing). A bare Reactor
 * Netty server answering the same body is measured too, for reference only: the floor of this machine and load
 * generator. All processes share the machine's cores, so the throughput ratio also counts the gateway's CPU taken
 * from the others.
 *
 * <p>On demand: {@code mvn -B -pl gateway -am -Pbench -DskipTests test [-Dbench.seconds=10 -Dbench.warmup=30 -Dbench.rounds=3
 * -Dbench.concurrency=16]}.
 * With {@code -Dbench.system=http://localhost:8080} it measures the system {@code ./medledger run} started instead
 * (see {@link #againstRunningSystem}).
 */
public final class GatewayBenchmark {

    private static final String PATH = ServiceStandIn.PATH;
    private static final String BODY = "[{\"id\":\"5f1c0c44-8d3e-4f0e-9b7a-2f1de0e4a001\",\"doctorId\":\"d-1\","
            + "\"start\":\"2026-12-01T09:00:00Z\",\"end\":\"2026-12-01T09:30:00Z\",\"status\":\"OPEN\"}]";

    private GatewayBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = Integer.getInteger("bench.seconds", 10);
        int concurrency = Integer.getInteger("bench.concurrency", 16);
        // three JVMs to warm: the gateway's JIT is still compiling its longer request path after 10 s of load
        int warmup = Integer.getInteger("bench.warmup", 30);
        int rounds = Integer.getInteger("bench.rounds", 3);
        String system = System.getProperty("bench.system", "");
        if (!system.isBlank()) {
            againstRunningSystem(system, concurrency, seconds, warmup, rounds);
            return;
        }

        RSAKey key = new RSAKeyGenerator(2048).keyID("bench").generate();
        String jwks = new JWKSet(key.toPublicJWK()).toString();
        DisposableServer keycloak = HttpServer.create().host("127.0.0.1").port(0)
                .handle((request, response) -> response.header("Content-Type", "application/json").sendString(Mono.just(jwks)))
                .bindNow();
        DisposableServer bare = HttpServer.create().host("127.0.0.1").port(0)
                .handle((request, response) -> response.header("Content-Type", "application/json").sendString(Mono.just(BODY)))
                .bindNow();
        String keycloakUrl = "http://127.0.0.1:" + keycloak.port();
        String issuer = keycloakUrl + "/realms/medledger";
        int servicePort = freePort();
        int gatewayPort = freePort();
        String serviceUrl = "http://127.0.0.1:" + servicePort;
        String classpath = System.getProperty("java.class.path");
        // the gateway ships without service-support: on the bench classpath for the stand-in only
        String gatewayClasspath = Arrays.stream(classpath.split(File.pathSeparator))
                .filter(entry -> !entry.contains("service-support")).collect(Collectors.joining(File.pathSeparator));
        Process service = launch("service", classpath, ServiceStandIn.class.getName(), Integer.toString(servicePort),
                issuer, keycloakUrl + "/certs");
        Process gateway = launch("gateway", gatewayClasspath, GatewayApplication.class.getName(),
                "--server.port=" + gatewayPort, "--medledger.keycloak.url=" + keycloakUrl,
                "--medledger.services.booking=" + serviceUrl, "--medledger.services.identity=" + serviceUrl,
                "--medledger.services.report-chain=" + serviceUrl, "--medledger.services.notification=" + serviceUrl);
        awaitHealthy(serviceUrl, service);
        awaitHealthy("http://127.0.0.1:" + gatewayPort, gateway);

        String token = token(key, issuer, "medledger");
        ConnectionProvider connections = ConnectionProvider.builder("bench").maxConnections(concurrency)
                .pendingAcquireMaxCount(-1).build();
        HttpClient client = HttpClient.create(connections).headers(headers -> headers.set("Authorization", "Bearer " + token));
        String reference = "http://127.0.0.1:" + bare.port() + PATH;
        String direct = serviceUrl + PATH;
        String through = "http://127.0.0.1:" + gatewayPort + PATH;

        try {
            // both sides really check the token: no token, or one for another audience, is refused by each
            HttpClient anonymous = HttpClient.create();
            String foreign = token(key, issuer, "someone-else");
            HttpClient otherAudience = HttpClient.create().headers(headers -> headers.set("Authorization", "Bearer " + foreign));
            String cookie = client.get().uri(through).responseSingle((response, body) -> body.asString().defaultIfEmpty("")
                    .map(text -> response.responseHeaders().get("Set-Cookie", "none"))).block();
            System.out.println("the gateway's answer to a bearer call sets a cookie: " + cookie);
            for (String url : List.of(direct, through)) {
                expect(client, url, 200);
                expect(anonymous, url, 401);
                expect(otherAudience, url, 401);
            }
            compare(() -> client, PATH, reference, direct, through, concurrency, seconds, warmup, rounds);
        } finally {
            gateway.destroy();
            service.destroy();
            gateway.waitFor();
            service.waitFor();
            bare.disposeNow();
            keycloak.disposeNow();
            connections.disposeLater().block();
        }
    }

    /**
     * Warms every path up, then measures at one caller and at {@code concurrency} callers and prints the figures. Each
     * measurement is {@code rounds} pairs of runs, direct and through the gateway in turn (the first of a pair
     * alternating), so that a drift in what the shared machine gives this run favours neither side; the best run of
     * each side is compared, and each pair's own ratio is printed too.
     *
     * @param clients the client for each part (a part may outlast a token)
     */
    private static void compare(Supplier<HttpClient> clients, String path, String reference, String direct,
            String through, int concurrency, int seconds, int warmup, int rounds) {
        System.out.printf("%nGateway overhead, GET %s with a bearer token, %d rounds of %d s per side%n", path, rounds,
                seconds);
        System.out.printf("warming up (JIT, connection pools, JWK set caches), %d s each ...%n", warmup);
        for (String url : List.of(reference, direct, through)) {
            run(clients.get(), url, concurrency, Duration.ofSeconds(warmup));
        }
        for (int callers : List.of(1, concurrency)) {
            HttpClient client = clients.get();
            Duration each = Duration.ofSeconds(seconds);
            Result floor = run(client, reference, callers, each);
            Result straight = null;
            Result gatewayed = null;
            List<String> ratios = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                boolean directFirst = round % 2 == 0;
                Result first = run(client, directFirst ? direct : through, callers, each);
                Result second = run(client, directFirst ? through : direct, callers, each);
                Result roundDirect = directFirst ? first : second;
                Result roundGateway = directFirst ? second : first;
                ratios.add(String.format("%.0f%%", 100.0 * roundGateway.perSecond() / roundDirect.perSecond()));
                straight = faster(straight, roundDirect);
                gatewayed = faster(gatewayed, roundGateway);
            }
            System.out.printf("%n%d caller(s), closed loop, best of %d:%n", callers, rounds);
            System.out.println("  " + straight.describe("direct  (service)  "));
            System.out.println("  " + gatewayed.describe("gateway (-> service)"));
            System.out.println("  " + floor.describe("bare Netty (ref.)  "));
            System.out.printf("  added by the gateway: p50 %+.3f ms, p99 %+.3f ms; gateway throughput %.0f%% of direct"
                            + " (round by round: %s)%n", gatewayed.p50() - straight.p50(), gatewayed.p99() - straight.p99(),
                    100.0 * gatewayed.perSecond() / straight.perSecond(), String.join(", ", ratios));
        }
        System.out.println("\ngoal: p50 added <= 2 ms, throughput >= 70% of direct");
    }

    /** The run with the higher throughput; {@code best} may be null before the first round. */
    private static Result faster(Result best, Result candidate) {
        return best == null || candidate.perSecond() > best.perSecond() ? candidate : best;
    }

    /**
     * The same comparison on the whole system as {@code ./medledger run} starts it (real Keycloak token, the real
     * booking-service with its database, the gateway as configured): a patient's GET of a doctor's free slots, the
     * call behind the booking page. Demo user doctor1 first publishes 40 slots a week ahead (a slot that is there
     * already is refused with 409, so runs on the same day measure the same list; the list holds 50 at most).
     */
    private static void againstRunningSystem(String gatewayUrl, int concurrency, int seconds, int warmup, int rounds)
            throws Exception {
        String keycloakUrl = System.getProperty("bench.keycloak", "http://localhost:8180");
        String bookingUrl = System.getProperty("bench.booking", "http://localhost:8082");
        String doctorToken = passwordGrant(keycloakUrl, "doctor1");
        HttpClient doctor = HttpClient.create().headers(headers -> headers.set("Authorization", "Bearer " + doctorToken));
        String doctorId = (String) JSONObjectUtils.parse(doctor.get().uri(gatewayUrl + "/api/identity/me")
                .responseSingle((response, body) -> body.asString()).block()).get("id");
        Instant nextWeek = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(7, ChronoUnit.DAYS);
        for (int day = 0; day < 5; day++) {
            for (int hour = 9; hour < 17; hour++) {
                Instant start = nextWeek.plus(day, ChronoUnit.DAYS).plus(hour, ChronoUnit.HOURS);
                String slot = "{\"start\":\"" + start + "\",\"end\":\"" + start.plus(30, ChronoUnit.MINUTES) + "\"}";
                doctor.headers(headers -> headers.set("Content-Type", "application/json")).post()
                        .uri(gatewayUrl + "/api/bookings/slots").send(ByteBufFlux.fromString(Mono.just(slot)))
                        .responseSingle((response, body) -> body.asString().defaultIfEmpty("")
                                .map(text -> response.status().code()))
                        .filter(status -> status != 201 && status != 409)
                        .doOnNext(status -> {
                            throw new IllegalStateException("publishing a slot answered " + status);
                        })
                        .block();
            }
        }
        String path = "/api/bookings/slots?doctorId=" + doctorId;
        DisposableServer bare = HttpServer.create().host("127.0.0.1").port(0)
                .handle((request, response) -> response.header("Content-Type", "application/json")
                        .sendString(Mono.just(BODY)))
                .bindNow();
        ConnectionProvider connections = ConnectionProvider.builder("bench").maxConnections(concurrency)
                .pendingAcquireMaxCount(-1).build();
        // Keycloak's access tokens live 5 minutes, less than a run with a long warm-up: a fresh one for each part
        Supplier<HttpClient> clients = () -> {
            String patientToken = passwordGrant(keycloakUrl, "patient1");
            return HttpClient.create(connections)
                    .headers(headers -> headers.set("Authorization", "Bearer " + patientToken));
        };
        HttpClient client = clients.get();
        try {
            String answer = client.get().uri(gatewayUrl + path).responseSingle((response, body) -> body.asString()).block();
            System.out.printf("the running system at %s: doctor1's free slots, %d bytes of JSON%n", gatewayUrl,
                    answer.length());
            expect(client, bookingUrl + path, 200);
            expect(HttpClient.create(), gatewayUrl + path, 401);
            compare(clients, path, "http://127.0.0.1:" + bare.port() + path, bookingUrl + path, gatewayUrl + path,
                    concurrency, seconds, warmup, rounds);
        } finally {
            bare.disposeNow();
            connections.disposeLater().block();
        }
    }

    /** An access token from the running Keycloak, through the dev-only direct-grant client, for a demo user. */
    private static String passwordGrant(String keycloakUrl, String username) {
        String form = "grant_type=password&client_id=medledger-cli&scope=openid&username=" + username
                + "&password=" + URLEncoder.encode("Demo-Pass-2026!", StandardCharsets.UTF_8);
        String answer = HttpClient.create().headers(headers -> headers.set("Content-Type",
                        "application/x-www-form-urlencoded"))
                .post().uri(keycloakUrl + "/realms/medledger/protocol/openid-connect/token")
                .send(ByteBufFlux.fromString(Mono.just(form)))
                .responseSingle((response, body) -> body.asString()).block();
        Object token;
        try {
            token = JSONObjectUtils.parse(answer).get("access_token");
        } catch (ParseException e) {
            throw new IllegalStateException("Keycloak's token answer is not JSON: " + answer, e);
        }
        if (token == null) {
            throw new IllegalStateException("no token for " + username + ": " + answer);
        }
        return (String) token;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * A JVM of its own with the bench JVM's runtime and options (heap, log level, and the Unsafe option that the
     * pom adds only on JDK 23+, which JDK 21 rejects), its output in {@code target/bench-NAME.log}.
     */
    private static Process launch(String name, String classpath, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        // e.g. -Dbench.gateway.jvm=-XX:StartFlightRecording=filename=target/gateway.jfr,settings=profile
        String extra = System.getProperty("bench." + name + ".jvm", "");
        if (!extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.addAll(List.of("-cp", classpath, mainClass));
        command.addAll(List.of(args));
        File log = Path.of("target", "bench-" + name + ".log").toFile();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        return process;
    }

    private static void awaitHealthy(String baseUrl, Process process) throws InterruptedException {
        HttpClient probe = HttpClient.create();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(baseUrl + " exited with " + process.exitValue() + ": see target/bench-*.log");
            }
            Integer status = probe.get().uri(baseUrl + "/actuator/health")
                    .responseSingle((response, body) -> body.asString().defaultIfEmpty("").map(text -> response.status().code()))
                    .onErrorReturn(0).block();
            if (status != null && status == 200) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(baseUrl + " not healthy within 2 minutes: see target/bench-*.log");
    }

    /** A Keycloak-shaped access token for a patient, valid for the gateway's issuer and audience checks. */
    private static String token(RSAKey key, String issuer, String audience) throws Exception {
        var claims = new JWTClaimsSet.Builder().issuer(issuer).subject("bench-patient").audience(audience)
                .issueTime(new Date()).expirationTime(Date.from(Instant.now().plus(Duration.ofHours(2))))
                .claim("realm_access", Map.of("roles", List.of("patient"))).claim("preferred_username", "bench")
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static void expect(HttpClient client, String url, int expected) {
        int status = client.get().uri(url).responseSingle((response, body) -> body.asString().defaultIfEmpty("")
                .map(text -> response.status().code())).block();
        if (status != expected) {
            throw new IllegalStateException(url + " answered " + status + " where " + expected + " was expected");
        }
    }

    /** {@code callers} loops, each sending the next request when the previous answered, for {@code duration}. */
    private static Result run(HttpClient client, String url, int callers, Duration duration) {
        Recorder recorder = new Recorder(3);
        AtomicLong failures = new AtomicLong();
        long end = System.nanoTime() + duration.toNanos();
        long started = System.nanoTime();
        Flux.range(0, callers)
                .flatMap(caller -> Mono.defer(() -> {
                    long sent = System.nanoTime();
                    return client.get().uri(url)
                            .responseSingle((response, body) -> body.asByteArray().defaultIfEmpty(new byte[0])
                                    .map(bytes -> response.status().code()))
                            .doOnNext(status -> {
                                recorder.recordValue((System.nanoTime() - sent) / 1_000);
                                if (status != 200) {
                                    failures.incrementAndGet();
                                }
                            });
                }).repeat(() -> System.nanoTime() < end), callers)
                .blockLast();
        double elapsed = (System.nanoTime() - started) / 1e9;
        return new Result(recorder.getIntervalHistogram(), elapsed, failures.get());
    }

    private record Result(Histogram micros, double seconds, long failures) {

        double p50() {
            return micros.getValueAtPercentile(50) / 1000.0;
        }

        double p99() {
            return micros.getValueAtPercentile(99) / 1000.0;
        }

        double perSecond() {
            return micros.getTotalCount() / seconds;
        }

        String describe(String label) {
            return String.format("%s p50 %.3f ms, p99 %.3f ms, %.0f req/s (%d requests, %d not 200)", label, p50(), p99(),
                    perSecond(), micros.getTotalCount(), failures);
        }
    }
}
