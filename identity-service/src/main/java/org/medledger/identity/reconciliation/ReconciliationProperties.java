package org.medledger.identity.reconciliation;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Adoption of Keycloak accounts that have no profile.
 *
 * @param enabled whether the background reconciliation runs at all (adoption on a first {@code GET /me} stays on)
 * @param interval how often it runs again after the first successful run; zero or negative runs it at start-up only
 * @param initialBackoff wait before retrying when Keycloak is not reachable yet, doubled up to {@code maxBackoff}
 * @param maxBackoff longest wait between retries
 * @param defaultSpecialization specialization of an adopted doctor not named in {@code specializations}
 * @param specializations specialization code by Keycloak username, for adopted doctors (e.g. the demo doctors)
 */
@ConfigurationProperties("medledger.identity.reconciliation")
public record ReconciliationProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("1h") Duration interval,
        @DefaultValue("2s") Duration initialBackoff,
        @DefaultValue("1m") Duration maxBackoff,
        @DefaultValue("general-practice") String defaultSpecialization,
        @DefaultValue Map<String, String> specializations) {
}
