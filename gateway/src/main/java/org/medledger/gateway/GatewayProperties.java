package org.medledger.gateway;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The gateway's own settings.
 *
 * @param allowedOrigins browser origins other than the gateway's own that may call the API (CORS); none by default
 * @param audience the audience a bearer token must carry to be let through
 * @param keycloakUrl Keycloak's public address: the login form posts there, so the CSP must allow it
 */
@ConfigurationProperties("medledger.gateway")
record GatewayProperties(@DefaultValue List<String> allowedOrigins, @DefaultValue("medledger") String audience,
        @DefaultValue("http://localhost:8180") String keycloakUrl) {
}
