package org.medledger.reportchain.config;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The object storage behind the mirror placement: two buckets, {@code a} and {@code b}, each in its own
 * failure domain. By default both live on one S3 endpoint; give a bucket its own {@code endpoint} (and
 * credentials) to put it on another server. Path-style addressing, so no DNS is needed for bucket names.
 *
 * @param endpoint S3 endpoint used by a bucket that names none
 * @param region signing region (S3-compatible servers accept any)
 * @param accessKey access key used by a bucket that names none (development default; override in production)
 * @param secretKey secret key used by a bucket that names none (development default; override in production)
 * @param pathStyle path-style addressing ({@code http://host/bucket/key})
 * @param requestTimeout upper bound on one object request, including retries by the SDK
 * @param maxConnections HTTP connections per S3 client
 * @param a the first bucket (read first on download)
 * @param b the second bucket
 */
@ConfigurationProperties("medledger.storage")
public record StorageProperties(
        @DefaultValue("http://localhost:9000") URI endpoint,
        @DefaultValue("us-east-1") String region,
        @DefaultValue("medledger") String accessKey,
        @DefaultValue("medledger-secret") String secretKey,
        @DefaultValue("true") boolean pathStyle,
        @DefaultValue("30s") Duration requestTimeout,
        @DefaultValue("64") int maxConnections,
        @DefaultValue Bucket a,
        @DefaultValue Bucket b) {

    /**
     * One bucket; unset values fall back to the top-level ones.
     *
     * @param bucket the bucket name; {@code reports-a} / {@code reports-b} when unset
     * @param endpoint this bucket's S3 endpoint, for a second server; blank for the top-level endpoint
     * @param accessKey this bucket's access key; blank for the top-level one
     * @param secretKey this bucket's secret key; blank for the top-level one
     */
    public record Bucket(String bucket, String endpoint, String accessKey, String secretKey) {
    }

    /** A bucket with every value resolved. */
    public record ResolvedBucket(String name, String bucket, URI endpoint, String region, String accessKey,
            String secretKey, boolean pathStyle) {

        /** Buckets on the same endpoint with the same credentials can share one S3 client. */
        public String clientKey() {
            return endpoint + "|" + region + "|" + accessKey + "|" + pathStyle;
        }

        @Override
        public String toString() {
            return "Bucket[" + name + ": " + bucket + " at " + endpoint + "]";
        }
    }

    /** Bucket {@code a} resolved against the defaults. */
    public ResolvedBucket resolvedA() {
        return resolve("a", a, "reports-a");
    }

    /** Bucket {@code b} resolved against the defaults. */
    public ResolvedBucket resolvedB() {
        return resolve("b", b, "reports-b");
    }

    private ResolvedBucket resolve(String name, Bucket bucket, String defaultBucket) {
        return new ResolvedBucket(name, or(bucket.bucket(), defaultBucket),
                isBlank(bucket.endpoint()) ? endpoint : URI.create(bucket.endpoint().trim()), region,
                or(bucket.accessKey(), accessKey), or(bucket.secretKey(), secretKey), pathStyle);
    }

    private static String or(String value, String fallback) {
        return isBlank(value) ? fallback : value.trim();
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    @Override
    public String toString() {
        return "StorageProperties[endpoint=" + endpoint + ", a=" + resolvedA() + ", b=" + resolvedB() + "]";
    }
}
