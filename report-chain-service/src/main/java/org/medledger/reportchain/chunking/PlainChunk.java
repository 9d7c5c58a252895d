package org.medledger.reportchain.chunking;

/**
 * One plaintext chunk of an upload, in a buffer from {@link ChunkMemory}.
 *
 * @param index position in the report, from 0
 * @param buffer the bytes, in {@code [0, length)}; owned by whoever holds the chunk, who must release it
 * @param length number of bytes; equals the chunk size for every chunk but possibly the last
 * @param isFinal whether this is the report's last chunk
 */
public record PlainChunk(long index, byte[] buffer, int length, boolean isFinal) {

    @Override
    public String toString() {
        return "PlainChunk[" + index + ", " + length + " bytes" + (isFinal ? ", final]" : "]");
    }
}
