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
import org.medledger.standin.ServiceStandIn;
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
 * Gateway overhead: an authenticated GET through the gateway next to the same GET straight to the service, in one
 * run, at one caller (latency) and at {@code concurrency} callers (throughput).
 *
 * <p>The service is {@link ServiceStandIn}: Spring Boot WebFlux secured by service-support exactly as the services
 * are (it validates the bearer token itself), answering a cheap read with a small JSON. "direct" calls it straight,
 * "gateway" through the gateway routed to it; both validate the same real RS256 token against the same in-process
 * JWK set, and the gateway runs with its own configuration (routes, filters, circuit breaker, security, tracing).
 * A bare Reactor Netty server answering the same body is measured too, for reference only: the floor of this
 * machine and load generator. Load generator, gateway and service share this JVM and the machine's cores, so the
 * throughput ratio also counts the gateway's CPU taken from the others.
 *
 * <p>On demand: {@code mvn -B -pl gateway -am -Pbench -DskipTests verify [-Dbench.seconds=10 -Dbench.concurrency=16]}.
 */
public final class GatewayBenchmark {

    private static final String PATH = ServiceStandIn.PATH;
    /** service-support is on the bench classpath for the stand-in only: the gateway runs as it does live */
    private static final String SERVICE_SUPPORT = String.join(",",
            "org.medledger.support.security.ServiceSecurityAutoConfiguration",
            "org.medledger.support.web.ProblemDetailsAutoConfiguration",
            "org.medledger.support.events.EventsAutoConfiguration",
            "org.medledger.support.mongo.MongoHealthAutoConfiguration");
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
        DisposableServer bare = HttpServer.create().host("127.0.0.1").port(0)
                .handle((request, response) -> response.header("Content-Type", "application/json").sendString(Mono.just(BODY)))
                .bindNow();
        String keycloakUrl = "http://127.0.0.1:" + keycloak.port();
        String issuer = keycloakUrl + "/realms/medledger";
        ConfigurableApplicationContext service = ServiceStandIn.start(issuer, keycloakUrl + "/certs");
        String serviceUrl = "http://127.0.0.1:" + ServiceStandIn.port(service);

        // as command-line arguments: they win over application.yml's own defaults
        ConfigurableApplicationContext gateway = SpringApplication.run(GatewayApplication.class, "--server.port=0",
                "--spring.autoconfigure.exclude=" + SERVICE_SUPPORT,
                "--medledger.keycloak.url=" + keycloakUrl, "--medledger.services.booking=" + serviceUrl,
                "--medledger.services.identity=" + serviceUrl, "--medledger.services.report-chain=" + serviceUrl,
                "--medledger.services.notification=" + serviceUrl);
        int gatewayPort = ((WebServerApplicationContext) gateway).getWebServer().getPort();

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
            System.out.printf("%nGateway overhead, GET %s with a bearer token, %d s per measurement%n", PATH, seconds);
            System.out.println("warming up (JIT, connection pools, JWK set caches) ...");
            for (String url : List.of(reference, direct, through)) {
                run(client, url, concurrency, Duration.ofSeconds(seconds));
            }
            for (int callers : List.of(1, concurrency)) {
                Result floor = run(client, reference, callers, Duration.ofSeconds(seconds));
                Result straight = run(client, direct, callers, Duration.ofSeconds(seconds));
                Result gatewayed = run(client, through, callers, Duration.ofSeconds(seconds));
                System.out.printf("%n%d caller(s), closed loop:%n", callers);
                System.out.println("  " + straight.describe("direct  (service)  "));
                System.out.println("  " + gatewayed.describe("gateway (-> service)"));
                System.out.println("  " + floor.describe("bare Netty (ref.)  "));
                System.out.printf("  added by the gateway: p50 %+.3f ms, p99 %+.3f ms; gateway throughput %.0f%% of direct%n",
                        gatewayed.p50() - straight.p50(), gatewayed.p99() - straight.p99(),
                        100.0 * gatewayed.perSecond() / straight.perSecond());
            }
            System.out.println("\ngoal: p50 added <= 2 ms, throughput >= 70% of direct");
        } finally {
            gateway.close();
            service.close();
            bare.disposeNow();
            keycloak.disposeNow();
            connections.disposeLater().block();
        }
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
