package org.medledger.reportchain.access;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * One-time download codes and download tokens.
 *
 * @param codeDigits digits of a one-time code, 6..12
 * @param codeTtl how long a code stays valid after it is issued
 * @param maxAttempts wrong codes allowed per report and caller before the active code is voided
 * @param codesPerHour how many codes one account may request per rolling hour (over all reports)
 * @param tokenTtl how long a download token stays valid after it is issued
 * @param grantTtl how long another doctor's access lasts once the patient grants it
 * @param expirySweep how often expired grants are looked for, to put their expiry on the ledger
 */
@ConfigurationProperties("medledger.access")
public record AccessProperties(
        @DefaultValue("6") int codeDigits,
        @DefaultValue("10m") Duration codeTtl,
        @DefaultValue("5") int maxAttempts,
        @DefaultValue("5") int codesPerHour,
        @DefaultValue("5m") Duration tokenTtl,
        @DefaultValue("7d") Duration grantTtl,
        @DefaultValue("1m") Duration expirySweep) {

    public AccessProperties {
        if (codeDigits < 6 || codeDigits > 12) {
            throw new IllegalArgumentException("medledger.access.code-digits must be 6..12");
        }
        if (maxAttempts < 1 || codesPerHour < 1) {
            throw new IllegalArgumentException("medledger.access.max-attempts and codes-per-hour must be positive");
        }
        if (codeTtl.isNegative() || codeTtl.isZero() || tokenTtl.isNegative() || tokenTtl.isZero()
                || grantTtl.isNegative() || grantTtl.isZero() || expirySweep.isNegative() || expirySweep.isZero()) {
            throw new IllegalArgumentException("medledger.access.code-ttl, token-ttl and grant-ttl must be positive");
        }
    }
}
