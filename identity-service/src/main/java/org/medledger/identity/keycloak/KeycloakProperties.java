package org.medledger.identity.keycloak;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How identity-service reaches Keycloak's Admin REST API.
 *
 * @param url base URL of Keycloak as identity-service reaches it (inside a cluster, its internal address)
 * @param realm the realm MedLedger's users live in
 * @param clientId confidential client whose service account holds manage-users, view-users and query-users
 * @param clientSecret that client's secret; the default {@code dev-only-identity-secret} is a DEVELOPMENT DEFAULT
 *     matching the development realm, production sets {@code MEDLEDGER_IDENTITY_CLIENT_SECRET}
 * @param connectTimeout how long to wait for a TCP connection to Keycloak
 * @param callTimeout how long one Admin API call (one attempt) may take
 * @param pageSize users fetched per page when listing the realm
 * @param resilience retry and circuit-breaker settings around every call
 */
@ConfigurationProperties("medledger.identity.keycloak")
public record KeycloakProperties(
        @DefaultValue("http://localhost:8180") URI url,
        @DefaultValue("medledger") String realm,
        @DefaultValue("identity-service") String clientId,
        @DefaultValue("dev-only-identity-secret") String clientSecret,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("5s") Duration callTimeout,
        @DefaultValue("100") int pageSize,
        @DefaultValue Resilience resilience) {

    /**
     * Retry and circuit breaker around Keycloak calls.
     *
     * @param maxAttempts attempts per call (1 = no retry); calls that change Keycloak are repeated only when the
     *     request cannot have reached it (connection refused)
     * @param retryWait wait before the first retry, doubled for each further one
     * @param failureRateThreshold percentage of failed calls that opens the circuit
     * @param slidingWindowSize number of recent calls the failure rate is computed over
     * @param minimumCalls calls needed before the failure rate counts
     * @param openDuration how long an open circuit refuses calls before it lets a few through again
     */
    public record Resilience(
            @DefaultValue("3") int maxAttempts,
            @DefaultValue("200ms") Duration retryWait,
            @DefaultValue("50") float failureRateThreshold,
            @DefaultValue("20") int slidingWindowSize,
            @DefaultValue("5") int minimumCalls,
            @DefaultValue("15s") Duration openDuration) {
    }

    /** Base URL of the realm's Admin REST API. */
    public String adminUrl() {
        return trimmed() + "/admin/realms/" + realm;
    }

    /** The realm's token endpoint. */
    public String tokenUrl() {
        return trimmed() + "/realms/" + realm + "/protocol/openid-connect/token";
    }

    private String trimmed() {
        String base = url.toString();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** Without the client secret. */
    @Override
    public String toString() {
        return "KeycloakProperties[url=" + url + ", realm=" + realm + ", clientId=" + clientId
                + ", clientSecret=***, connectTimeout=" + connectTimeout + ", callTimeout=" + callTimeout
                + ", pageSize=" + pageSize + ", resilience=" + resilience + "]";
    }
}
