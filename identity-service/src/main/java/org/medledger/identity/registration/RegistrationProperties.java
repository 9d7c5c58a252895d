package org.medledger.identity.registration;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How registrations are claimed and cleaned up.
 *
 * @param lease how long one registration attempt holds its claim; a request that runs longer (it should not: every
 *     Keycloak call has a timeout) loses the claim to the next attempt
 * @param abandonAfter a registration that has not completed this long after its first attempt, and that no request
 *     is working on, is removed together with any Keycloak user it created
 * @param sweepInterval how often abandoned registrations are looked for; zero or negative disables the sweep
 * @param clockTolerance clock difference allowed between identity-service and Keycloak when deciding whether a
 *     Keycloak user was created by a registration (created after its first attempt began)
 */
@ConfigurationProperties("medledger.identity.registration")
public record RegistrationProperties(
        @DefaultValue("60s") Duration lease,
        @DefaultValue("15m") Duration abandonAfter,
        @DefaultValue("5m") Duration sweepInterval,
        @DefaultValue("5s") Duration clockTolerance) {
}
