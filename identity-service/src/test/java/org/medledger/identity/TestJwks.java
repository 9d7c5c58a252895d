package org.medledger.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A stand-in for Keycloak's token signing: an RSA key whose public half is served, as Keycloak serves it, at
 * {@code <issuer>/protocol/openid-connect/certs} by a small HTTP server, and tokens signed with it. The context
 * initializer points the service's issuer at that server, so the real JWT decoder of service-support validates the
 * tokens (signature, issuer, expiry, audience) exactly as in production.
 */
public final class TestJwks implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static RSAKey key;
    private static RSAKey otherKey;
    private static HttpServer server;

    /** The issuer the test context trusts. */
    public static synchronized String issuer() {
        if (server == null) {
            try {
                key = new RSAKeyGenerator(2048).keyID("test-key").keyUse(KeyUse.SIGNATURE).generate();
                otherKey = new RSAKeyGenerator(2048).keyID("test-key").keyUse(KeyUse.SIGNATURE).generate();
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
                byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
                server.createContext("/realms/medledger/protocol/openid-connect/certs", exchange -> {
                    exchange.getResponseHeaders().set("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, jwks.length);
                    try (OutputStream body = exchange.getResponseBody()) {
                        body.write(jwks);
                    }
                });
                server.start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/medledger";
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        TestPropertyValues.of("spring.security.oauth2.resourceserver.jwt.issuer-uri=" + issuer()).applyTo(context);
    }

    /** A token as Keycloak would issue it for the medledger audience, valid for five minutes. */
    public static Token token(String subject, String... roles) {
        return new Token(subject, List.of(roles), issuer(), List.of("medledger", "account"), Instant.now().plusSeconds(300), false);
    }

    /**
     * A token under construction.
     *
     * @param foreignKey signed with a key the issuer never published
     */
    public record Token(String subject, List<String> roles, String issuer, List<String> audience, Instant expiresAt,
            boolean foreignKey) {

        public Token audience(String... audience) {
            return new Token(subject, roles, issuer, List.of(audience), expiresAt, foreignKey);
        }

        public Token issuer(String issuer) {
            return new Token(subject, roles, issuer, audience, expiresAt, foreignKey);
        }

        public Token expiredAgo(Duration ago) {
            return new Token(subject, roles, issuer, audience, Instant.now().minus(ago), foreignKey);
        }

        public Token signedByAnotherKey() {
            return new Token(subject, roles, issuer, audience, expiresAt, true);
        }

        /** The compact serialization, for an {@code Authorization: Bearer} header. */
        public String value() {
            issuer();
            Instant now = Instant.now();
            JWTClaimsSet claims = new JWTClaimsSet.Builder()
                    .jwtID(UUID.randomUUID().toString())
                    .subject(subject)
                    .issuer(issuer)
                    .audience(audience)
                    .issueTime(Date.from(now.minusSeconds(600)))
                    .expirationTime(Date.from(expiresAt))
                    .claim("azp", "medledger-cli")
                    .claim("email", subject + "@test.medledger.test")
                    .claim("preferred_username", subject)
                    .claim("realm_access", Map.of("roles", roles))
                    .build();
            RSAKey signing = foreignKey ? otherKey : key;
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signing.getKeyID()).build(), claims);
            try {
                jwt.sign(new RSASSASigner(signing));
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
            return jwt.serialize();
        }
    }
}
