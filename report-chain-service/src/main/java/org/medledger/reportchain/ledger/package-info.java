/**
 * MedLedger's tamper-evident ledger: an append-only log of {@link org.medledger.reportchain.ledger.LedgerEntry}
 * entries, sealed into Ed25519-signed blocks, with RFC 6962 / RFC 9162 inclusion and consistency proofs over the
 * log of all entries, in the manner of Certificate Transparency and immudb, on MongoDB and Kafka.
 *
 * <p>The framework-free half lives in the {@code ledger-verifier} module (same package), which other hospital
 * systems use without this service; one implementation serves both:
 * <ul>
 *   <li>{@link org.medledger.reportchain.ledger.LedgerEncoding}: the canonical bytes hashed and signed, byte by
 *       byte;</li>
 *   <li>{@link org.medledger.reportchain.ledger.LedgerVerifier}, {@link org.medledger.reportchain.ledger.LedgerFollower},
 *       {@link org.medledger.reportchain.ledger.TrustedState}: verification of blocks, head updates and receipts,
 *       each failure a {@link org.medledger.reportchain.ledger.LedgerVerificationException} subclass;</li>
 *   <li>{@link org.medledger.reportchain.ledger.LedgerJson}: the JSON of blocks, heads and receipts;</li>
 *   <li>{@link org.medledger.reportchain.ledger.BlockAssembler}: building and signing the next block;</li>
 *   <li>{@link org.medledger.reportchain.ledger.LedgerKeyTransition}: the on-ledger announcement of a new signing
 *       key, made by the previous one.</li>
 * </ul>
 *
 * <p>In the service: {@link org.medledger.reportchain.ledger.Ledger} (append), the block sealer, proofs from the
 * MongoDB node store, {@link org.medledger.reportchain.ledger.ReceiptService},
 * {@link org.medledger.reportchain.ledger.LedgerKeyRotations} (signing key rotation), the {@code /api/ledger} endpoints,
 * and {@code BlockSealed} events on {@code medledger.ledger.blocks.v1} through the blocks' outbox.
 */
package org.medledger.reportchain.ledger;
