/**
 * Hash chains and RFC 6962 / RFC 9162 Merkle trees over SHA-256 (JDK provider), framework-free.
 *
 * <ul>
 *   <li>{@link org.medledger.reportchain.chain.HashChain} and {@link org.medledger.reportchain.chain.HashChainVerifier}:
 *       the per-report chain of chunk links.</li>
 *   <li>{@link org.medledger.reportchain.chain.MerkleHasher}, {@link org.medledger.reportchain.chain.CompactRange},
 *       {@link org.medledger.reportchain.chain.MerkleTree}, {@link org.medledger.reportchain.chain.MerkleNodeSource}:
 *       tree hashes, incremental roots and proof generation over any node store.</li>
 *   <li>{@link org.medledger.reportchain.chain.ProofVerifier}: inclusion and consistency verification that
 *       explains every failure with a {@link org.medledger.reportchain.chain.ProofVerificationException}.</li>
 * </ul>
 *
 * <p>Every hash is 32 bytes. Verification checks preconditions first, then computes, then compares, and never
 * answers {@code false}.
 */
package org.medledger.reportchain.chain;
