package org.medledger.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

class KeycloakJwtDecodersTests {

    private static final String ISSUER = "https://keycloak.test/realms/medledger";

    private static RSAKey key;
    private static HttpServer jwks;
    private static String jwkSetUri;

    @BeforeAll
    static void serveKeys() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
        byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwks.createContext("/certs", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        jwks.start();
        jwkSetUri = "http://127.0.0.1:" + jwks.getAddress().getPort() + "/certs";
    }

    @AfterAll
    static void stop() {
        jwks.stop(0);
    }

    @Test
    void decode_keycloakTokenForMedLedger_accepted() {
        Jwt jwt = decoder(jwkSetUri).decode(token(ISSUER, "medledger", Instant.now().plusSeconds(60))).block();
        assertThat(jwt.getSubject()).isEqualTo("user-1");
    }

    @Test
    void decode_otherAudience_refusedAsBadToken() {
        assertThatThrownBy(() -> decoder(jwkSetUri).decode(token(ISSUER, "account", Instant.now().plusSeconds(60))).block())
                .isInstanceOf(BadJwtException.class).hasMessageContaining("not meant for MedLedger");
    }

    @Test
    void decode_otherIssuer_refusedAsBadToken() {
        assertThatThrownBy(() -> decoder(jwkSetUri).decode(token("https://evil.test/realms/medledger", "medledger",
                Instant.now().plusSeconds(60))).block()).isInstanceOf(BadJwtException.class);
    }

    @Test
    void decode_expired_refusedAsBadToken() {
        assertThatThrownBy(() -> decoder(jwkSetUri).decode(token(ISSUER, "medledger",
                Instant.now().minus(Duration.ofMinutes(5)))).block()).isInstanceOf(BadJwtException.class);
    }

    /** "Could not check" must stay distinguishable from "bad token": a JwtException, but not a BadJwtException. */
    @Test
    void decode_keysUnreachable_failsAsJwtExceptionNotAsBadToken() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ReactiveJwtDecoder unreachable = decoder("http://127.0.0.1:" + closedPort + "/certs");
        assertThatThrownBy(() -> unreachable.decode(token(ISSUER, "medledger", Instant.now().plusSeconds(60))).block())
                .isExactlyInstanceOf(JwtException.class);
    }

    @Test
    void jwkSetUri_notConfigured_keycloakCertsUnderTheIssuer() {
        assertThat(KeycloakJwtDecoders.jwkSetUri(ISSUER, null)).isEqualTo(ISSUER + "/protocol/openid-connect/certs");
        assertThat(KeycloakJwtDecoders.jwkSetUri(ISSUER, "http://keycloak:8080/certs")).isEqualTo("http://keycloak:8080/certs");
    }

    private static ReactiveJwtDecoder decoder(String jwkSetUri) {
        return KeycloakJwtDecoders.create(ISSUER, jwkSetUri, "medledger");
    }

    private static String token(String issuer, String audience, Instant expiresAt) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("user-1").issuer(issuer).audience(List.of(audience, "x"))
                .issueTime(Date.from(expiresAt.minus(Duration.ofMinutes(10)))).expirationTime(Date.from(expiresAt))
                .claim("realm_access", Map.of("roles", List.of("patient")))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
