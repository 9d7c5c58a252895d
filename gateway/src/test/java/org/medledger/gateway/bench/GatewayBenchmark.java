package org.medledger.gateway.bench;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.medledger.gateway.GatewayApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;

/**
 * Gateway overhead: an authenticated GET through the gateway next to the same GET straight to the backend, in one
 * run, at one caller (latency) and at {@code concurrency} callers (throughput).
 *
 * <p>What it measures is the gateway hop: the backend is a small in-process Reactor Netty server answering a cheap
 * GET with a fixed JSON body (a stand-in for a service's cheap read, which does not validate the token), and the
 * token is a real RS256 JWT checked by the gateway against an in-process JWK set. The gateway runs with its own
 * configuration (routes, filters, circuit breaker, security, tracing). Load generator, gateway and backend share
 * this JVM and the machine's cores, so the throughput ratio also counts the gateway's CPU taken from the others.
 *
 * <p>On demand: {@code mvn -B -pl gateway -am -Pbench -DskipTests verify [-Dbench.seconds=10 -Dbench.concurrency=16]}.
 */
public final class GatewayBenchmark {

    private static final String PATH = "/api/bookings/slots";
    private static final String BODY = "[{\"id\":\"5f1c0c44-8d3e-4f0e-9b7a-2f1de0e4a001\",\"doctorId\":\"d-1\","
            + "\"start\":\"2026-12-01T09:00:00Z\",\"end\":\"2026-12-01T09:30:00Z\",\"status\":\"OPEN\"}]";

    private GatewayBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = Integer.getInteger("bench.seconds", 10);
        int concurrency = Integer.getInteger("bench.concurrency", 16);

        RSAKey key = new RSAKeyGenerator(2048).keyID("bench").generate();
        String jwks = new JWKSet(key.toPublicJWK()).toString();
        DisposableServer keycloak = HttpServer.create().host("127.0.0.1").port(0)
                .handle((request, response) -> response.header("Content-Type", "application/json").sendString(Mono.just(jwks)))
                .bindNow();
        DisposableServer backend = HttpServer.create().host("127.0.0.1").port(0)
                .handle((request, response) -> response.header("Content-Type", "application/json").sendString(Mono.just(BODY)))
                .bindNow();
        String keycloakUrl = "http://127.0.0.1:" + keycloak.port();
        String backendUrl = "http://127.0.0.1:" + backend.port();

        // as command-line arguments: they win over application.yml's own defaults
        ConfigurableApplicationContext gateway = SpringApplication.run(GatewayApplication.class, "--server.port=0",
                "--medledger.keycloak.url=" + keycloakUrl, "--medledger.services.booking=" + backendUrl,
                "--medledger.services.identity=" + backendUrl, "--medledger.services.report-chain=" + backendUrl,
                "--medledger.services.notification=" + backendUrl);
        int gatewayPort = ((WebServerApplicationContext) gateway).getWebServer().getPort();

        String token = token(key, keycloakUrl + "/realms/medledger");
        ConnectionProvider connections = ConnectionProvider.builder("bench").maxConnections(concurrency)
                .pendingAcquireMaxCount(-1).build();
        HttpClient client = HttpClient.create(connections).headers(headers -> headers.set("Authorization", "Bearer " + token));
        String direct = backendUrl + PATH;
        String through = "http://127.0.0.1:" + gatewayPort + PATH;

        try {
            check(client, through);
            System.out.printf("%nGateway overhead, GET %s with a bearer token, %d s per measurement%n", PATH, seconds);
            System.out.println("warming up (JIT, connection pools, JWK set cache) ...");
            run(client, direct, concurrency, Duration.ofSeconds(seconds));
            run(client, through, concurrency, Duration.ofSeconds(seconds));
            for (int callers : List.of(1, concurrency)) {
                Result straight = run(client, direct, callers, Duration.ofSeconds(seconds));
                Result gatewayed = run(client, through, callers, Duration.ofSeconds(seconds));
                System.out.printf("%n%d caller(s), closed loop:%n", callers);
                System.out.println("  " + straight.describe("direct "));
                System.out.println("  " + gatewayed.describe("gateway"));
                System.out.printf("  added: p50 %+.3f ms, p99 %+.3f ms; gateway throughput %.0f%% of direct%n",
                        gatewayed.p50() - straight.p50(), gatewayed.p99() - straight.p99(),
                        100.0 * gatewayed.perSecond() / straight.perSecond());
            }
            System.out.println("\ngoal: p50 added <= 2 ms, throughput >= 70% of direct");
        } finally {
            gateway.close();
            backend.disposeNow();
            keycloak.disposeNow();
            connections.disposeLater().block();
        }
    }

    /** A Keycloak-shaped access token for a patient, valid for the gateway's issuer and audience checks. */
    private static String token(RSAKey key, String issuer) throws Exception {
        var claims = new JWTClaimsSet.Builder().issuer(issuer).subject("bench-patient").audience("medledger")
                .issueTime(new Date()).expirationTime(Date.from(Instant.now().plus(Duration.ofHours(2))))
                .claim("realm_access", Map.of("roles", List.of("patient"))).claim("preferred_username", "bench")
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static void check(HttpClient client, String url) {
        int status = client.get().uri(url).responseSingle((response, body) -> body.asString().defaultIfEmpty("")
                .map(text -> response.status().code())).block();
        if (status != 200) {
            throw new IllegalStateException("the gateway answered " + status + " to the benchmark's request");
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
