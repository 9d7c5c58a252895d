package org.medledger.reportchain.chunking;

/**
 * One chunk sealed for storage, with its place in the report's hash chain.
 *
 * @param index position in the report, from 0
 * @param plaintextLength bytes of plaintext it holds
 * @param sealed ciphertext || tag, in a buffer from {@link ChunkMemory}; released once stored
 * @param sha256 SHA-256 of {@code sealed}: the chunk hash (also the Merkle leaf data and the S3 checksum)
 * @param link the hash chain link after this chunk
 * @param isFinal whether this is the report's last chunk
 */
public record SealedChunk(long index, int plaintextLength, byte[] sealed, byte[] sha256, byte[] link,
        boolean isFinal) {

    @Override
    public String toString() {
        return "SealedChunk[" + index + ", " + sealed.length + " bytes" + (isFinal ? ", final]" : "]");
    }
}
