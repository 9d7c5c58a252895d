package org.medledger.reportchain.storage;

/**
 * Checks one copy of a sealed chunk as read from a store, and turns it into what the reader needs (for a
 * download: the opened plaintext).
 *
 * @param <T> the result of a successful verification
 */
@FunctionalInterface
public interface CopyVerifier<T> {

    /**
     * @param sealed the copy's bytes exactly as stored
     * @return the verified result
     * @throws RuntimeException with a reason if the copy is not the chunk the manifest describes; the reader then
     *     treats the copy as {@link CopyFailure.Kind#CORRUPT} and tries another
     */
    T verify(byte[] sealed);
}
