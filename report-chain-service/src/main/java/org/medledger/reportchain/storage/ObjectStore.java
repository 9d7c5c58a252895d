package org.medledger.reportchain.storage;

import java.nio.ByteBuffer;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One bucket of an S3-compatible object store, holding sealed chunks under opaque keys, several consecutive chunks
 * of a report to an object.
 *
 * <p>Failures: {@link ObjectMissingException} when a key does not exist, {@link ObjectTruncatedException} when it
 * ends before the range read, {@link ObjectStoreException} for every other failure (unreachable server, refused
 * request, a checksum the server rejected). Messages name the bucket and the key, never data.
 */
public interface ObjectStore {

    /** Short name of this store in manifests and findings, e.g. {@code a}. */
    String name();

    /** The bucket name. */
    String bucket();

    /**
     * Writes the concatenation of {@code parts} under {@code key}, with a CRC32C of it that the server checks;
     * completes once the server acknowledged the write. The CRC guards the transfer only: each chunk's SHA-256 in the
     * manifest is what every read verifies.
     *
     * @param parts the object's bytes, in order; not modified, and not retained after the returned Mono terminates
     */
    Mono<Void> put(String key, List<byte[]> parts);

    /**
     * Reads {@code length} bytes from {@code offset} of the object under {@code key} (a ranged GET).
     *
     * @return errors: {@link ObjectMissingException}, {@link ObjectTruncatedException} if the object ends before the
     *     range does, {@link ObjectStoreException}
     */
    Mono<byte[]> get(String key, long offset, int length);

    /**
     * Streams {@code length} bytes from {@code offset} of the object under {@code key} as they arrive, one request,
     * as fast as the subscriber asks for them. Errors as for {@link #get}; a body that ends early fails with
     * {@link ObjectTruncatedException} after the bytes it had.
     */
    Flux<ByteBuffer> stream(String key, long offset, long length);

    /** Deletes the object under {@code key}; deleting a missing object succeeds. */
    Mono<Void> delete(String key);

    /**
     * Lists the objects whose key starts with {@code prefix}, in key order. The listing is fetched page by page as
     * the subscriber asks for more, so a bucket of any size is never held in memory at once.
     */
    Flux<StoredObject> list(String prefix);
}
