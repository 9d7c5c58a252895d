package org.medledger.reportchain.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The typed properties bind from plain key-value pairs as Spring reads them, without a context. */
class PropertiesBindingTest {

    private static <T> T bind(String prefix, Class<T> type, Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate(prefix, type);
    }

    @Test
    void reportProperties_defaults() {
        ReportProperties properties = bind("medledger.reports", ReportProperties.class, Map.of());

        assertThat(properties.chunkBytes()).isEqualTo(1024 * 1024);
        assertThat(properties.maxSize().toBytes()).isEqualTo(1024L * 1024 * 1024);
        assertThat(properties.chunksPerObject()).isEqualTo(4);
        assertThat(properties.warmUp().enabled()).isTrue();
        assertThat(properties.warmUp().rounds()).isEqualTo(20_000);
    }

    @Test
    void reportProperties_chunkSizeAndLimits_bind() {
        ReportProperties properties = bind("medledger.reports", ReportProperties.class, Map.of(
                "medledger.reports.chunk-size", "256KB", "medledger.reports.max-size", "50MB",
                "medledger.reports.chunks-per-object", "16"));

        assertThat(properties.chunkBytes()).isEqualTo(256 * 1024);
        assertThat(properties.maxSize().toMegabytes()).isEqualTo(50);
        assertThat(properties.chunksPerObject()).isEqualTo(16);
    }

    @Test
    void reportProperties_chunkSizeOutOfRange_isRefused() {
        assertThatThrownBy(() -> bind("medledger.reports", ReportProperties.class,
                Map.of("medledger.reports.chunk-size", "1KB"))).isInstanceOf(BindException.class);
        assertThatThrownBy(() -> bind("medledger.reports", ReportProperties.class,
                Map.of("medledger.reports.chunk-size", "128MB"))).isInstanceOf(BindException.class);
    }

    @Test
    void storageProperties_defaults_areTheLocalStackBuckets() {
        StorageProperties properties = bind("medledger.storage", StorageProperties.class, Map.of());

        assertThat(properties.resolvedA().bucket()).isEqualTo("reports-a");
        assertThat(properties.resolvedB().bucket()).isEqualTo("reports-b");
        assertThat(properties.resolvedA().endpoint()).isEqualTo(URI.create("http://localhost:9000"));
        assertThat(properties.resolvedB().accessKey()).isEqualTo("medledger");
        assertThat(properties.resolvedA().clientKey()).isEqualTo(properties.resolvedB().clientKey());
        assertThat(properties.toString()).doesNotContain("medledger-secret");
    }

    @Test
    void storageProperties_secondEndpointForBucketB_isItsOwnClient() {
        StorageProperties properties = bind("medledger.storage", StorageProperties.class, Map.of(
                "medledger.storage.endpoint", "http://s3-one:8333",
                "medledger.storage.b.bucket", "mirror",
                "medledger.storage.b.endpoint", "http://s3-two:8333",
                "medledger.storage.b.access-key", "other",
                "medledger.storage.a.endpoint", ""));

        assertThat(properties.resolvedA().endpoint()).isEqualTo(URI.create("http://s3-one:8333"));
        assertThat(properties.resolvedB().endpoint()).isEqualTo(URI.create("http://s3-two:8333"));
        assertThat(properties.resolvedB().bucket()).isEqualTo("mirror");
        assertThat(properties.resolvedB().accessKey()).isEqualTo("other");
        assertThat(properties.resolvedB().secretKey()).isEqualTo("medledger-secret");
        assertThat(properties.resolvedA().clientKey()).isNotEqualTo(properties.resolvedB().clientKey());
    }

    @Test
    void keyProperties_awsKms_bindsFromTheDashedName() {
        KeyProperties properties = bind("medledger.keys", KeyProperties.class, Map.of(
                "medledger.keys.provider", "aws-kms", "medledger.keys.aws-kms.key-id", "alias/medledger",
                "medledger.keys.master-secret", "not-shown-anywhere"));

        assertThat(properties.provider()).isEqualTo(KeyProperties.Provider.AWS_KMS);
        assertThat(properties.awsKms().keyId()).isEqualTo("alias/medledger");
        assertThat(properties.toString()).doesNotContain("not-shown-anywhere");
    }

    @Test
    void keyProperties_defaults_areTheLocalKeyring() {
        KeyProperties properties = bind("medledger.keys", KeyProperties.class, Map.of());

        assertThat(properties.provider()).isEqualTo(KeyProperties.Provider.LOCAL);
        assertThat(properties.local().directory().normalize()).isEqualTo(Path.of(".medledger-data/report-chain/keyring"));
        assertThat(properties.local().pbkdf2Iterations()).isEqualTo(600_000);
    }

    @Test
    void bookingProperties_defaults() {
        BookingProperties properties = bind("medledger.booking", BookingProperties.class, Map.of());

        assertThat(properties.baseUrl()).isEqualTo(URI.create("http://localhost:8082"));
        assertThat(properties.circuitBreaker().slidingWindowSize()).isEqualTo(20);
    }
}
