package org.medledger.reportchain.report;

import java.util.List;
import org.medledger.reportchain.storage.ChunkLocation;

/**
 * One chunk in a manifest.
 *
 * @param index position, from 0
 * @param size plaintext bytes
 * @param sealedSize stored bytes (plaintext + 16-byte GCM tag)
 * @param hash lowercase hex SHA-256 of the stored (sealed) bytes
 * @param link lowercase hex hash chain link after this chunk
 * @param locations the stored copies, in read order
 */
public record ReportChunk(int index, int size, int sealedSize, String hash, String link,
        List<ChunkLocation> locations) {

    public ReportChunk {
        locations = locations == null ? List.of() : List.copyOf(locations);
    }
}
