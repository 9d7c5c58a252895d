package org.medledger.reportchain.storage;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.zip.CRC32C;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
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
 * <p>Writes send a CRC32C of the object ({@code x-amz-checksum-crc32c}), so the server refuses a write damaged on
 * the way; no object metadata is set. CRC32C rather than SHA-256: the manifest's per-chunk SHA-256 is checked on
 * every read anyway, and the CRC costs next to nothing to compute here and for the server to check. Reads are
 * ranged GETs that must return exactly the range asked for.
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
    public Mono<Void> put(String key, List<byte[]> parts) {
        return Mono.defer(() -> {
            CRC32C crc = new CRC32C();
            long length = 0;
            ByteBuffer[] body = new ByteBuffer[parts.size()];
            for (int i = 0; i < body.length; i++) {
                byte[] part = parts.get(i);
                crc.update(part);
                length += part.length;
                body[i] = ByteBuffer.wrap(part);
            }
            String checksum = Base64.getEncoder().encodeToString(
                    ByteBuffer.allocate(Integer.BYTES).putInt((int) crc.getValue()).array());
            PutObjectRequest request = PutObjectRequest.builder()
                    .bucket(bucket)
                    .key(key)
                    .contentLength(length)
                    .checksumAlgorithm(ChecksumAlgorithm.CRC32_C)
                    .checksumCRC32C(checksum)
                    .build();
            return started(() -> client.putObject(request, AsyncRequestBody.fromByteBuffersUnsafe(body)));
        })
                .onErrorMap(e -> translate(key, "write failed", e))
                .then();
    }

    @Override
    public Mono<byte[]> get(String key, long offset, int length) {
        return stream(key, offset, length)
                .reduceWith(() -> ByteBuffer.allocate(length), ByteBuffer::put)
                .map(ByteBuffer::array);
    }

    @Override
    public Flux<ByteBuffer> stream(String key, long offset, long length) {
        if (offset < 0 || length < 0) {
            return Flux.error(new ObjectStoreException(name, key, "negative range " + offset + "+" + length, null));
        }
        if (length == 0) {
            return Flux.empty();
        }
        GetObjectRequest request = GetObjectRequest.builder().bucket(bucket).key(key)
                .range("bytes=" + offset + "-" + (offset + length - 1)).build();
        return started(() -> client.getObject(request, AsyncResponseTransformer.toPublisher()))
                .onErrorMap(e -> translate(key, "read failed", e))
                .flatMapMany(publisher -> readExactly(key, publisher, length));
    }

    /** The body, failing unless it is exactly {@code length} bytes: a short one is a truncated object. */
    private Flux<ByteBuffer> readExactly(String key, ResponsePublisher<GetObjectResponse> publisher, long length) {
        Long announced = publisher.response().contentLength();
        if (announced == null || announced != length) {
            // Subscribing and cancelling releases the connection without reading the body.
            Flux.from(publisher).take(0).subscribe();
            return Flux.error(announced != null && announced < length
                    ? new ObjectTruncatedException(name, key, "object ends " + (length - announced)
                            + " bytes before the range read")
                    : new ObjectStoreException(name, key, "range answered with " + announced + " bytes, not " + length,
                            null));
        }
        AtomicLong received = new AtomicLong();
        return Flux.from(publisher)
                .doOnNext(part -> {
                    if (received.addAndGet(part.remaining()) > length) {
                        throw new ObjectStoreException(name, key, "body longer than its announced length", null);
                    }
                })
                .concatWith(Mono.defer(() -> received.get() < length
                        ? Mono.error(new ObjectTruncatedException(name, key, "body shorter than its announced length"))
                        : Mono.empty()))
                .onErrorMap(e -> !(e instanceof ObjectStoreException), e -> translate(key, "read failed", e));
    }

    @Override
    public Mono<Void> delete(String key) {
        DeleteObjectRequest request = DeleteObjectRequest.builder().bucket(bucket).key(key).build();
        return started(() -> client.deleteObject(request))
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

    /**
     * Starts a request on a thread of its own. The client fails a request whose starting thread is interrupted
     * (SdkInterruptedException), and a caller's thread may be a Reactor task being disposed: a fallback read started
     * inside the task that had just rejected a chunk failed that way in 3 of 20 tries.
     */
    private static <T> Mono<T> started(Supplier<CompletableFuture<T>> request) {
        return Mono.fromFuture(request).subscribeOn(Schedulers.boundedElastic());
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
        if (cause instanceof S3Exception s3 && s3.statusCode() == 416) {
            return new ObjectTruncatedException(name, key, "object ends before the range read");
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
