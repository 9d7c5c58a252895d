package org.medledger.reportchain.storage;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One bucket of an S3-compatible object store, holding sealed chunks under opaque keys.
 *
 * <p>Failures: {@link ObjectMissingException} when a key does not exist, {@link ObjectStoreException} for every
 * other failure (unreachable server, refused request, a checksum the server rejected). Messages name the bucket
 * and the key, never data.
 */
public interface ObjectStore {

    /** Short name of this store in manifests and findings, e.g. {@code a}. */
    String name();

    /** The bucket name. */
    String bucket();

    /**
     * Writes {@code data} under {@code key}, asking the server to verify it against {@code sha256}; completes once
     * the server acknowledged the write.
     *
     * @param data the object's bytes; not modified, and not retained after the returned Mono terminates
     * @param sha256 SHA-256 of {@code data}, sent as the object's checksum
     */
    Mono<Void> put(String key, byte[] data, byte[] sha256);

    /**
     * Reads the object under {@code key}.
     *
     * @param maxLength the longest object accepted; a longer one fails before it is read
     */
    Mono<byte[]> get(String key, int maxLength);

    /** Deletes the object under {@code key}; deleting a missing object succeeds. */
    Mono<Void> delete(String key);

    /**
     * Lists the objects whose key starts with {@code prefix}, in key order. The listing is fetched page by page as
     * the subscriber asks for more, so a bucket of any size is never held in memory at once.
     */
    Flux<StoredObject> list(String prefix);
}
