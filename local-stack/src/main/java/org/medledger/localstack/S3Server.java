package org.medledger.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An S3-compatible API (S3Proxy) in this JVM, storing objects as files under the data directory.
 *
 * <p>Requests must be signed (AWS Signature V4, or V2 for old tools) with the development identity, so a service
 * that forgets its credentials fails here as it would against real S3. Access is path-style
 * ({@code http://localhost:9000/reports-a/key}), which needs no DNS for bucket sub-domains. The buckets of
 * {@link LocalStackConfig#BUCKETS} are created when missing; a bucket's directory is its failure domain, so deleting
 * {@code s3/reports-a} simulates losing one bucket.
 */
public final class S3Server implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(S3Server.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final S3Proxy proxy;
    private final BlobStore blobStore;
    private final String endpoint;

    private S3Server(S3Proxy proxy, BlobStore blobStore, String endpoint) {
        this.proxy = proxy;
        this.blobStore = blobStore;
        this.endpoint = endpoint;
    }

    /** Starts S3Proxy on the filesystem store and makes sure both buckets exist. */
    public static S3Server start(LocalStackConfig config) {
        Path baseDir = config.dataDir().resolve("s3");
        try {
            Files.createDirectories(baseDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the S3 directory " + baseDir, e);
        }
        BlobStore blobStore = new FilesystemNio2BlobStore(baseDir.toString());
        for (String bucket : LocalStackConfig.BUCKETS) {
            if (!blobStore.containerExists(bucket)) {
                blobStore.createContainer(bucket);
                log.debug("created bucket {}", bucket);
            }
        }
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(blobStore)
                .endpoint(URI.create("http://" + config.bindHost() + ":" + config.s3Port()))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, config.s3AccessKey(), config.s3SecretKey())
                .build();
        var server = new S3Server(proxy, blobStore, config.s3Endpoint());
        try {
            proxy.start();
            server.awaitStarted();
            return server;
        } catch (Exception e) {
            server.close();
            throw new IllegalStateException("S3Proxy did not start on port " + config.s3Port() + ": " + e.getMessage(),
                    e);
        }
    }

    /** {@code http://localhost:9000}. */
    public String endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            log.warn("S3Proxy did not stop cleanly: {}", e.getMessage());
        } finally {
            blobStore.close();
        }
    }

    private void awaitStarted() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("S3Proxy is " + proxy.getState() + " after "
                        + READY_TIMEOUT.toSeconds() + " s");
            }
            HttpProbe.pause(Duration.ofMillis(50), "S3Proxy");
        }
    }
}
