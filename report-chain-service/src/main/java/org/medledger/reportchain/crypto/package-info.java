/**
 * Envelope encryption of report chunks and the keys behind it, framework-free.
 *
 * <ul>
 *   <li>{@link org.medledger.reportchain.crypto.ChunkSealer} / {@link org.medledger.reportchain.crypto.ChunkOpener}:
 *       AES-256-GCM sealing of one chunk under a report's {@link org.medledger.reportchain.crypto.DataKey}, bound to
 *       the report id, the chunk index and a final-chunk flag ({@link org.medledger.reportchain.crypto.ChunkFormat}).</li>
 *   <li>{@link org.medledger.reportchain.crypto.KeyProvider}: wraps data keys under versioned key-encryption keys;
 *       {@link org.medledger.reportchain.crypto.LocalKeyring} for the embedded default.</li>
 *   <li>{@link org.medledger.reportchain.crypto.LedgerSigner} / {@link org.medledger.reportchain.crypto.LedgerSignatureVerifier}:
 *       the deployment's Ed25519 ledger key and a verifier third parties can use.</li>
 * </ul>
 *
 * <p>Only the JDK providers are used (SunJCE for AES-GCM, SunEC for Ed25519): they are the fast ones here.
 * Nothing in this package logs key material, plaintext or wrapped keys, and no exception message carries them.
 */
package org.medledger.reportchain.crypto;
