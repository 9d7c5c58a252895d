package org.medledger.reportchain.config;

import java.net.URI;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which key provider wraps the reports' data keys.
 *
 * @param provider {@code local} (a keyring file under the data folder, sealed by {@code master-secret}) or
 *     {@code aws-kms}
 * @param masterSecret the local keyring's master secret, at least 16 characters; required with {@code local}.
 *     application.yml carries a development default; production sets {@code MEDLEDGER_KEYS_MASTER_SECRET}
 * @param local the local keyring
 * @param awsKms the AWS KMS key
 */
@ConfigurationProperties("medledger.keys")
public record KeyProperties(
        @DefaultValue("local") Provider provider,
        String masterSecret,
        @DefaultValue Local local,
        @DefaultValue AwsKms awsKms) {

    /** The key providers there are. */
    public enum Provider {
        LOCAL, AWS_KMS
    }

    /**
     * @param directory where the keyring file lives (created owner-only on first start)
     * @param pbkdf2Iterations PBKDF2 iterations used when the keyring is created; an existing keyring keeps its own
     */
    public record Local(
            @DefaultValue("./.medledger-data/report-chain/keyring") Path directory,
            @DefaultValue("600000") int pbkdf2Iterations) {
    }

    /**
     * @param keyId the KMS key (id, ARN or alias) that wraps data keys
     * @param region the KMS region
     * @param endpoint a KMS endpoint override (for a local KMS emulator); empty for AWS
     */
    public record AwsKms(String keyId, @DefaultValue("us-east-1") String region, URI endpoint) {
    }

    @Override
    public String toString() {
        return "KeyProperties[provider=" + provider + ", local=" + local + ", awsKms=" + awsKms + "]";
    }
}
