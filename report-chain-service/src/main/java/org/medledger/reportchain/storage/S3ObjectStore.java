package org.medledger.reportchain.storage;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.async.ResponsePublisher;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * An {@link ObjectStore} over one bucket with the AWS SDK's asynchronous S3 client.
 *
 * <p>Writes send the chunk's SHA-256 as the S3 checksum ({@code x-amz-checksum-sha256}), so the server verifies
 * every write against the hash the manifest records; no object metadata is set. Reads stream the body into one
 * array of the announced length, refusing objects longer than the caller's bound before reading them.
 */
public final class S3ObjectStore implements ObjectStore {

    /** Keys per listing page (the S3 maximum). */
    private static final int LIST_PAGE = 1000;

    private final String name;
    private final String bucket;
    private final S3AsyncClient client;

    /**
     * @param name the store's short name in manifests ({@code a}, {@code b})
     * @param client a client for the bucket's endpoint; shared, not closed here
     */
    public S3ObjectStore(String name, String bucket, S3AsyncClient client) {
        this.name = Objects.requireNonNull(name, "name");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String bucket() {
        return bucket;
    }

    @Override
    public Mono<Void> put(String key, byte[] data, byte[] sha256) {
        PutObjectRequest request = PutObjectRequest.builder()
                .bucket(bucket)
                .key(key)
                .contentLength((long) data.length)
                .checksumAlgorithm(ChecksumAlgorithm.SHA256)
                .checksumSHA256(Base64.getEncoder().encodeToString(sha256))
                .build();
        return Mono.fromFuture(() -> client.putObject(request, AsyncRequestBody.fromBytesUnsafe(data)))
                .onErrorMap(e -> translate(key, "write failed", e))
                .then();
    }

    @Override
    public Mono<byte[]> get(String key, int maxLength) {
        GetObjectRequest request = GetObjectRequest.builder().bucket(bucket).key(key).build();
        return Mono.fromFuture(() -> client.getObject(request, AsyncResponseTransformer.toPublisher()))
                .onErrorMap(e -> translate(key, "read failed", e))
                .flatMap(publisher -> readBounded(key, publisher, maxLength));
    }

    @Override
    public Mono<Void> delete(String key) {
        DeleteObjectRequest request = DeleteObjectRequest.builder().bucket(bucket).key(key).build();
        return Mono.fromFuture(() -> client.deleteObject(request))
                .onErrorMap(e -> translate(key, "delete failed", e))
                .then();
    }

    @Override
    public Flux<StoredObject> list(String prefix) {
        ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(bucket).prefix(prefix)
                .maxKeys(LIST_PAGE).build();
        // The paginator's publisher fetches the next page only on demand, so backpressure bounds what is buffered.
        return Flux.from(client.listObjectsV2Paginator(request).contents())
                .map(object -> new StoredObject(object.key(), object.lastModified()))
                .onErrorMap(e -> {
                    ObjectStoreException translated = translate(prefix, "list failed", e);
                    // a 404 on a listing is a missing bucket, not a missing object
                    return translated instanceof ObjectMissingException
                            ? new ObjectStoreException(name, prefix, "list failed (bucket not found)", e)
                            : translated;
                });
    }

    private Mono<byte[]> readBounded(String key, ResponsePublisher<GetObjectResponse> publisher, int maxLength) {
        Long announced = publisher.response().contentLength();
        if (announced == null || announced < 0 || announced > maxLength) {
            // Subscribing and cancelling releases the connection without reading the body.
            Flux.from(publisher).take(0).subscribe();
            return Mono.error(new ObjectStoreException(name, key,
                    "object length " + announced + " outside 0.." + maxLength, null));
        }
        int length = announced.intValue();
        return Flux.from(publisher)
                .reduceWith(() -> ByteBuffer.allocate(length), (target, part) -> {
                    if (part.remaining() > target.remaining()) {
                        throw new ObjectStoreException(name, key, "object longer than its announced length", null);
                    }
                    return target.put(part);
                })
                .flatMap(target -> target.hasRemaining()
                        ? Mono.error(new ObjectStoreException(name, key, "object shorter than its announced length",
                                null))
                        : Mono.just(target.array()))
                .onErrorMap(e -> !(e instanceof ObjectStoreException), e -> translate(key, "read failed", e));
    }

    private ObjectStoreException translate(String key, String what, Throwable e) {
        Throwable cause = e;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ObjectStoreException known) {
            return known;
        }
        if (cause instanceof NoSuchKeyException
                || cause instanceof S3Exception s3 && s3.statusCode() == 404) {
            return new ObjectMissingException(name, key);
        }
        String reason = cause instanceof S3Exception s3
                ? what + " (HTTP " + s3.statusCode() + ", " + errorCode(s3) + ")"
                : what + " (" + cause.getClass().getSimpleName() + ")";
        return new ObjectStoreException(name, key, reason, cause);
    }

    private static String errorCode(S3Exception e) {
        return e.awsErrorDetails() != null && e.awsErrorDetails().errorCode() != null
                ? e.awsErrorDetails().errorCode() : "no error code";
    }

    @Override
    public String toString() {
        return "S3ObjectStore[" + name + ": " + bucket + "]";
    }
}
