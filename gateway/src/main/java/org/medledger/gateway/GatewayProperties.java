package org.medledger.gateway;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The gateway's own settings.
 *
 * @param allowedOrigins browser origins other than the gateway's own that may call the API (CORS); none by default
 * @param audience the audience a bearer token must carry to be let through
 * @param keycloakUrl Keycloak's public address: the login form posts there, so the CSP must allow it
 * @param maxRequestHeaderSize larger request headers get a 431 problem; keep it below the server's
 *     {@code server.max-http-request-header-size}, whose own 431 has no body
 */
@ConfigurationProperties("medledger.gateway")
record GatewayProperties(@DefaultValue List<String> allowedOrigins, @DefaultValue("medledger") String audience,
        @DefaultValue("http://localhost:8180") String keycloakUrl, @DefaultValue("16KB") DataSize maxRequestHeaderSize) {
}
