package org.medledger.reportchain.storage;

import java.util.List;

/**
 * One chunk to read back: where its copies are and how to check a copy.
 *
 * @param index the chunk's position in its report, for findings and errors
 * @param locations its copies, in read order
 * @param length its sealed size in the manifest: the byte range read at each location
 * @param verifier checks a copy and turns it into the result
 */
public record ChunkRead<T>(int index, List<ChunkLocation> locations, int length, CopyVerifier<T> verifier) {

    public ChunkRead {
        locations = List.copyOf(locations);
    }
}
