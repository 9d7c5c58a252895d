package org.medledger.reportchain.report;

/**
 * Creates a new key-encryption-key version and makes it current for new wraps (for the local keyring:
 * {@link org.medledger.reportchain.crypto.LocalKeyring#rotate()}). The {@link KeyRotations} service then re-wraps
 * every data key under it. Blocking: called on a bounded-elastic thread.
 */
@FunctionalInterface
public interface KekRotator {

    /**
     * @return the new current KEK version
     * @throws UnsupportedOperationException if this key provider rotates outside MedLedger (AWS KMS: enable
     *     automatic rotation, or configure a new key and call the re-wrap)
     */
    String rotate();
}
