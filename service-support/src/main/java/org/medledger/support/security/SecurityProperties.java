package org.medledger.support.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a MedLedger service authenticates its callers.
 *
 * @param publicEndpoints endpoints reachable without a token, as {@code METHOD /path-pattern} (e.g.
 *     {@code POST /api/identity/patients}); health and the OpenAPI documents are always public
 * @param audience the audience every access token must carry (Keycloak's audience mapper adds it)
 */
@ConfigurationProperties("medledger.security")
public record SecurityProperties(@DefaultValue List<String> publicEndpoints, @DefaultValue("medledger") String audience) {
}
