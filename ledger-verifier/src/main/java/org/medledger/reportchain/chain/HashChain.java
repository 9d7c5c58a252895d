package org.medledger.reportchain.chain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.UUID;

/**
 * The per-report hash chain over sealed chunks, built incrementally as an upload streams. All integers
 * big-endian:
 * <pre>
 * genesis  = SHA-256("medledger-chain-v1" (ASCII) || report id (16: msb || lsb))
 * link_0   = SHA-256(genesis    || SHA-256(ciphertext_0) || 0 (8 bytes))
 * link_i   = SHA-256(link_{i-1} || SHA-256(ciphertext_i) || i (8 bytes))
 * </pre>
 * "ciphertext" is the sealed chunk exactly as stored (ciphertext || tag). The head (last link) commits to every
 * chunk, its position and the report; starting from a report-bound genesis means no chain can be moved to
 * another report.
 *
 * <p>Not thread-safe: one instance per upload or download, appended in order.
 */
public final class HashChain {

  /** The domain string hashed into the genesis value. */
  public static final String DOMAIN = "medledger-chain-v1";

  private final UUID reportId;
  private final MessageDigest digest = Sha256.newDigest();
  private byte[] head;
  private long length;

  private HashChain(UUID reportId) {
    this.reportId = reportId;
    this.head = genesis(reportId);
  }

  /** An empty chain for {@code reportId}; its head is the genesis value. */
  public static HashChain start(UUID reportId) {
    return new HashChain(Objects.requireNonNull(reportId, "reportId"));
  }

  /** The genesis value bound to {@code reportId}. */
  public static byte[] genesis(UUID reportId) {
    MessageDigest digest = Sha256.reset();
    digest.update(DOMAIN.getBytes(StandardCharsets.US_ASCII));
    digest.update(uuidBytes(reportId));
    return digest.digest();
  }

  /** One link: SHA-256(previous || ciphertextHash || index as 8 bytes big-endian). */
  public static byte[] link(byte[] previous, byte[] ciphertextHash, long index) {
    return link(Sha256.reset(), previous, ciphertextHash, index);
  }

  /**
   * Appends the next chunk's ciphertext hash and returns its link (the new head).
   *
   * @param ciphertextHash SHA-256 of the sealed chunk, 32 bytes
   */
  public byte[] append(byte[] ciphertextHash) {
    requireHash(ciphertextHash);
    digest.reset();
    head = link(digest, head, ciphertextHash, length);
    length++;
    return head.clone();
  }

  /**
   * Appends the next chunk's ciphertext hash if its link equals {@code expectedLink} (for example the link
   * recorded in the manifest), as a download verifies chunk by chunk. On a mismatch the chain is unchanged.
   *
   * @throws ChainLinkMismatchException with this index, the expected and the computed link
   */
  public void appendExpecting(byte[] ciphertextHash, byte[] expectedLink) {
    requireHash(ciphertextHash);
    digest.reset();
    byte[] computed = link(digest, head, ciphertextHash, length);
    if (expectedLink == null || !MessageDigest.isEqual(computed, expectedLink)) {
      throw new ChainLinkMismatchException(length, expectedLink == null ? new byte[0] : expectedLink, computed);
    }
    head = computed;
    length++;
  }

  public UUID reportId() {
    return reportId;
  }

  /** Number of links appended. */
  public long length() {
    return length;
  }

  /** The last link, or the genesis value if no chunk was appended yet. */
  public byte[] head() {
    return head.clone();
  }

  private static byte[] link(MessageDigest digest, byte[] previous, byte[] ciphertextHash, long index) {
    requireHash(previous);
    requireHash(ciphertextHash);
    if (index < 0) {
      throw new IllegalArgumentException("chain index must not be negative");
    }
    digest.update(previous);
    digest.update(ciphertextHash);
    for (int shift = 56; shift >= 0; shift -= 8) {
      digest.update((byte) (index >>> shift));
    }
    return digest.digest();
  }

  static byte[] uuidBytes(UUID id) {
    byte[] bytes = new byte[16];
    long msb = id.getMostSignificantBits();
    long lsb = id.getLeastSignificantBits();
    for (int i = 0; i < 8; i++) {
      bytes[i] = (byte) (msb >>> (56 - 8 * i));
      bytes[8 + i] = (byte) (lsb >>> (56 - 8 * i));
    }
    return bytes;
  }

  private static void requireHash(byte[] hash) {
    if (hash == null || hash.length != Sha256.LENGTH) {
      throw new IllegalArgumentException("a chain hash is " + Sha256.LENGTH + " bytes");
    }
  }
}
