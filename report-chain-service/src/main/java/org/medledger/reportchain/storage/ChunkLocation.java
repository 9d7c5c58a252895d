package org.medledger.reportchain.storage;

import java.util.Objects;

/**
 * Where one copy (or shard) of a sealed chunk lives.
 *
 * @param store the {@link ObjectStore#name() store name} ({@code a}, {@code b})
 * @param bucket the bucket name at the time of writing
 * @param key the random object key
 */
public record ChunkLocation(String store, String bucket, String key) {

    public ChunkLocation {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
    }
}
