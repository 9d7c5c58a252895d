package org.medledger.reportchain.storage;

import java.time.Instant;
import java.util.Objects;

/**
 * One object as a bucket listing shows it.
 *
 * @param key the object key
 * @param lastModified when the object was last written, as the server reports it
 */
public record StoredObject(String key, Instant lastModified) {

    public StoredObject {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(lastModified, "lastModified");
    }
}
