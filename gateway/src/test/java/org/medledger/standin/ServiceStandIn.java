package org.medledger.standin;

import java.util.List;
import java.util.Map;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * A MedLedger service's cheap authenticated read, for the gateway benchmark: a Spring Boot WebFlux application
 * secured by service-support's own auto-configuration (the bench profile puts service-support on the classpath),
 * so every call is validated as the services validate it: RS256 signature against the JWK set, expiry, issuer,
 * audience {@code medledger}, Keycloak realm roles. No database: what it answers is a constant.
 *
 * <p>Outside {@code org.medledger.gateway} on purpose: the gateway's component scan would otherwise pick up the
 * controller, in the benchmark and in the gateway's tests.
 */
@EnableAutoConfiguration(excludeName = {
        // no database and no events in this stand-in (their classes are left out of the bench classpath)
        "org.medledger.support.events.EventsAutoConfiguration",
        "org.medledger.support.mongo.MongoHealthAutoConfiguration"})
@Import(ServiceStandIn.SlotsController.class)
public final class ServiceStandIn {

    public static final String PATH = "/api/bookings/slots";

    private ServiceStandIn() {
    }

    /**
     * In a JVM of its own, as a service runs: {@code ServiceStandIn PORT ISSUER JWK_SET_URI} serves on PORT of
     * 127.0.0.1, trusting tokens of ISSUER signed by a key of JWK_SET_URI.
     */
    public static void main(String[] args) {
        new SpringApplicationBuilder(ServiceStandIn.class)
                .web(WebApplicationType.REACTIVE)
                // not the gateway's application.yml, which shares this classpath; and the gateway's own
                // auto-configuration, on the classpath too, off
                .properties(Map.of("spring.config.name", "service-stand-in",
                        "spring.application.name", "service-stand-in",
                        "spring.cloud.gateway.server.webflux.enabled", "false",
                        "server.address", "127.0.0.1",
                        "server.port", args[0],
                        "spring.security.oauth2.resourceserver.jwt.issuer-uri", args[1],
                        "spring.security.oauth2.resourceserver.jwt.jwk-set-uri", args[2],
                        "management.endpoints.web.exposure.include", "health,info,prometheus"))
                .run();
    }

    /** Like booking-service's slot list, minus the database: the caller's token decides whether it gets an answer. */
    @RestController
    static class SlotsController {

        record Slot(String id, String doctorId, String start, String end, String status) {
        }

        @GetMapping(PATH)
        Mono<List<Slot>> slots(@AuthenticationPrincipal Jwt caller) {
            return Mono.just(List.of(new Slot("5f1c0c44-8d3e-4f0e-9b7a-2f1de0e4a001", "d-1", "2026-12-01T09:00:00Z",
                    "2026-12-01T09:30:00Z", "OPEN")));
        }
    }
}
