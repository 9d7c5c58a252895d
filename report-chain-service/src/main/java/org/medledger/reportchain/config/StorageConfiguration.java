package org.medledger.reportchain.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medledger.reportchain.storage.MirrorPlacement;
import org.medledger.reportchain.storage.ObjectStore;
import org.medledger.reportchain.storage.PlacementPolicy;
import org.medledger.reportchain.storage.S3ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * The two buckets and the mirror placement over them. Buckets on the same endpoint with the same credentials share
 * one S3 client (one connection pool). The SDK's own request checksums are switched to "when required": every
 * write carries its own CRC32C instead, which the server verifies, and reads are verified against the manifest's
 * SHA-256, so the SDK's extra pass would only cost time.
 */
@Configuration(proxyBeanMethods = false)
class StorageConfiguration {

    private static final Logger log = LoggerFactory.getLogger(StorageConfiguration.class);

    @Bean
    S3Clients s3Clients(StorageProperties properties) {
        return new S3Clients(properties);
    }

    @Bean
    PlacementPolicy placementPolicy(StorageProperties properties, S3Clients clients) {
        List<ObjectStore> stores = List.of(properties.resolvedA(), properties.resolvedB()).stream()
                .<ObjectStore>map(bucket -> new S3ObjectStore(bucket.name(), bucket.bucket(), clients.forBucket(bucket)))
                .toList();
        log.info("Mirror placement over {} and {}", properties.resolvedA(), properties.resolvedB());
        return new MirrorPlacement(stores);
    }

    /** The S3 clients, one per distinct endpoint and identity; closed with the context. */
    static final class S3Clients implements DisposableBean {

        private final StorageProperties properties;
        private final Map<String, S3AsyncClient> clients = new LinkedHashMap<>();

        S3Clients(StorageProperties properties) {
            this.properties = properties;
        }

        synchronized S3AsyncClient forBucket(StorageProperties.ResolvedBucket bucket) {
            return clients.computeIfAbsent(bucket.clientKey(), key -> build(bucket));
        }

        private S3AsyncClient build(StorageProperties.ResolvedBucket bucket) {
            return S3AsyncClient.builder()
                    .endpointOverride(bucket.endpoint())
                    .forcePathStyle(bucket.pathStyle())
                    .region(Region.of(bucket.region()))
                    .credentialsProvider(StaticCredentialsProvider.create(
                            AwsBasicCredentials.create(bucket.accessKey(), bucket.secretKey())))
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                    .httpClientBuilder(NettyNioAsyncHttpClient.builder()
                            .maxConcurrency(properties.maxConnections())
                            .connectionTimeout(Duration.ofSeconds(5))
                            .connectionAcquisitionTimeout(properties.requestTimeout()))
                    .overrideConfiguration(config -> config.apiCallTimeout(properties.requestTimeout()))
                    .build();
        }

        @Override
        public synchronized void destroy() {
            clients.values().forEach(S3AsyncClient::close);
            clients.clear();
        }
    }
}
