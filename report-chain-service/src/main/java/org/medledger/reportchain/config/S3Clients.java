package org.medledger.reportchain.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.DisposableBean;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * The S3 clients, one per distinct endpoint and identity: buckets that share both share one client (one connection
 * pool). Closed with the context. The SDK's own request checksums are switched to "when required": every write
 * carries its own CRC32C instead, which the server verifies, and reads are verified against the manifest's SHA-256,
 * so the SDK's extra pass would only cost time.
 */
public final class S3Clients implements DisposableBean {

    private final StorageProperties properties;
    private final Map<String, S3AsyncClient> clients = new LinkedHashMap<>();

    public S3Clients(StorageProperties properties) {
        this.properties = properties;
    }

    /** The client for {@code bucket}'s endpoint and identity, built on first use. */
    public synchronized S3AsyncClient forBucket(StorageProperties.ResolvedBucket bucket) {
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
