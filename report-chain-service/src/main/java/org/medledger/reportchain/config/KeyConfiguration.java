package org.medledger.reportchain.config;

import java.util.Arrays;
import org.medledger.reportchain.crypto.AwsKmsKeyProvider;
import org.medledger.reportchain.crypto.LocalKeyring;
import org.medledger.reportchain.report.KekRotator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.KmsClientBuilder;

/**
 * The key provider, by {@code medledger.keys.provider}: the local keyring (default; a file under the data folder,
 * sealed by the master secret) or AWS KMS; exactly one {@link org.medledger.reportchain.crypto.KeyProvider} bean
 * exists either way. Each comes with its {@link KekRotator}.
 */
@Configuration(proxyBeanMethods = false)
class KeyConfiguration {

    private static final Logger log = LoggerFactory.getLogger(KeyConfiguration.class);

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "medledger.keys.provider", havingValue = "local", matchIfMissing = true)
    static class Local {

        /** The keyring; also the holder of the ledger signing key ({@link LocalKeyring#ledgerSigner()}). */
        @Bean
        LocalKeyring localKeyring(KeyProperties properties) {
            String secret = properties.masterSecret();
            if (secret == null || secret.length() < LocalKeyring.MIN_MASTER_SECRET_LENGTH) {
                throw new IllegalStateException("medledger.keys.master-secret must be set (at least "
                        + LocalKeyring.MIN_MASTER_SECRET_LENGTH + " characters) for the local keyring");
            }
            char[] chars = secret.toCharArray();
            try {
                LocalKeyring keyring = LocalKeyring.open(properties.local().directory(), chars,
                        properties.local().pbkdf2Iterations());
                log.info("Local keyring open at {}, current KEK {}", properties.local().directory(),
                        keyring.currentKekVersion());
                return keyring;
            } finally {
                Arrays.fill(chars, '\0');
            }
        }

        @Bean
        KekRotator kekRotator(LocalKeyring keyring) {
            return keyring::rotate;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "medledger.keys.provider", havingValue = "aws-kms")
    static class AwsKms {

        @Bean(destroyMethod = "close")
        KmsClient kmsClient(KeyProperties properties) {
            KmsClientBuilder builder = KmsClient.builder().region(Region.of(properties.awsKms().region()));
            if (properties.awsKms().endpoint() != null) {
                builder.endpointOverride(properties.awsKms().endpoint());
            }
            return builder.build();
        }

        @Bean
        AwsKmsKeyProvider awsKmsKeyProvider(KmsClient kms, KeyProperties properties) {
            if (properties.awsKms().keyId() == null || properties.awsKms().keyId().isBlank()) {
                throw new IllegalStateException("medledger.keys.aws-kms.key-id must name the KMS key");
            }
            AwsKmsKeyProvider provider = AwsKmsKeyProvider.create(kms, properties.awsKms().keyId());
            log.info("AWS KMS key provider, KEK {}", provider.currentKekVersion());
            return provider;
        }

        /**
         * KMS rotates key material itself (same ARN, old versions kept); a new KEK is a new configured key. So
         * "rotate" here re-wraps every data key that is not yet under the configured key.
         */
        @Bean
        KekRotator kekRotator(AwsKmsKeyProvider provider) {
            return provider::currentKekVersion;
        }
    }
}
