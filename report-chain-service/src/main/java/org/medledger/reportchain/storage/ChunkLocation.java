package org.medledger.reportchain.storage;

import java.util.Objects;

/**
 * Where one copy (or shard) of a sealed chunk lives: a byte range of an object. An object holds several consecutive
 * chunks of one report, back to back, so that a report costs few requests; the range's length is the chunk's sealed
 * size in the manifest.
 *
 * @param store the {@link ObjectStore#name() store name} ({@code a}, {@code b})
 * @param bucket the bucket name at the time of writing
 * @param key the random object key
 * @param offset where the chunk starts in the object; manifests written before objects held several chunks have
 *     none, which reads as 0 (their objects hold one chunk each)
 */
public record ChunkLocation(String store, String bucket, String key, Long offset) {

    public ChunkLocation {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        offset = offset == null ? 0L : offset;
    }

    /** The same object, at {@code offset}. */
    public ChunkLocation at(long offset) {
        return new ChunkLocation(store, bucket, key, offset);
    }

    /** Whether this and {@code other} are in the same object. */
    public boolean sameObject(ChunkLocation other) {
        return store.equals(other.store) && key.equals(other.key);
    }
}
