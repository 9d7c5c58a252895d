package org.medledger.security;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Decoders for Keycloak access tokens: signature checked against the realm's JWK set, then the default checks
 * (expiry and not-before, with Spring Security's clock skew), the issuer, and the MedLedger audience.
 *
 * <p>Keys are fetched on first use, so a service starts, and reports ready, while Keycloak is still starting. A
 * failure to fetch them (connection refused, timeout) comes out as a plain {@link JwtException}, never as any other
 * exception: Spring Security then reports it as an {@code AuthenticationServiceException} ("could not check",
 * answered 503 by the failure handlers) rather than as a bad token (401) or an unexpected error (500).
 */
public final class KeycloakJwtDecoders {

    private KeycloakJwtDecoders() {
    }

    /**
     * @param issuerUri the realm's issuer, as it appears in the tokens' {@code iss}
     * @param jwkSetUri where the realm's keys are fetched; inside a cluster Keycloak is reached by another name than
     *     the issuer's (see {@link #jwkSetUri(String, String)})
     * @param audience the audience every token must carry (Keycloak's audience mapper adds it)
     */
    public static ReactiveJwtDecoder create(String issuerUri, String jwkSetUri, String audience) {
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSetUri(jwkSetUri).build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(issuerUri),
                audience(audience)));
        return token -> decoder.decode(token).onErrorMap(e -> !(e instanceof JwtException),
                e -> new JwtException("The identity provider's keys could not be fetched", e));
    }

    /** The configured JWK set URI, else Keycloak's certs endpoint under {@code issuerUri}. */
    public static String jwkSetUri(String issuerUri, String configured) {
        return configured != null && !configured.isBlank() ? configured : issuerUri + "/protocol/openid-connect/certs";
    }

    static OAuth2TokenValidator<Jwt> audience(String audience) {
        OAuth2Error notForUs = new OAuth2Error("invalid_token", "The token is not meant for MedLedger", null);
        return token -> token.getAudience() != null && token.getAudience().contains(audience)
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(notForUs);
    }
}
