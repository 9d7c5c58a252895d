package org.medledger.reportchain.chain;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Recomputes a report's {@link HashChain} from its chunks' ciphertext hashes and compares it with recorded
 * links (the manifest) or a recorded head. Preconditions first (counts, hash lengths), then compute, then
 * compare; a mismatch names the first bad index with the expected and computed values.
 */
public final class HashChainVerifier {

  private HashChainVerifier() {}

  /** The links of the chain over {@code ciphertextHashes}, in order. */
  public static List<byte[]> computeLinks(UUID reportId, List<byte[]> ciphertextHashes) {
    requireHashes("ciphertext hash", ciphertextHashes);
    HashChain chain = HashChain.start(reportId);
    List<byte[]> links = new ArrayList<>(ciphertextHashes.size());
    for (byte[] hash : ciphertextHashes) {
      links.add(chain.append(hash));
    }
    return links;
  }

  /**
   * Checks every recorded link.
   *
   * @throws MalformedProofException if the counts differ or a value is not 32 bytes
   * @throws ChainLinkMismatchException at the first link that differs
   */
  public static void verify(UUID reportId, List<byte[]> ciphertextHashes, List<byte[]> expectedLinks) {
    requireHashes("expected link", expectedLinks);
    if (expectedLinks.size() != ciphertextHashes.size()) {
      throw new MalformedProofException("chain of " + expectedLinks.size() + " links recorded for "
          + ciphertextHashes.size() + " chunks");
    }
    List<byte[]> computed = computeLinks(reportId, ciphertextHashes);
    for (int i = 0; i < computed.size(); i++) {
      if (!MessageDigest.isEqual(computed.get(i), expectedLinks.get(i))) {
        throw new ChainLinkMismatchException(i, expectedLinks.get(i), computed.get(i));
      }
    }
  }

  /**
   * Checks only the head: the last link (or the genesis value for no chunks).
   *
   * @throws ChainLinkMismatchException naming the last index (-1 for an empty chain)
   */
  public static void verifyHead(UUID reportId, List<byte[]> ciphertextHashes, byte[] expectedHead) {
    if (expectedHead == null || expectedHead.length != Sha256.LENGTH) {
      throw new MalformedProofException("expected head is not " + Sha256.LENGTH + " bytes");
    }
    List<byte[]> links = computeLinks(reportId, ciphertextHashes);
    byte[] head = links.isEmpty() ? HashChain.genesis(reportId) : links.get(links.size() - 1);
    if (!MessageDigest.isEqual(head, expectedHead)) {
      throw new ChainLinkMismatchException(links.size() - 1L, expectedHead, head);
    }
  }

  private static void requireHashes(String what, List<byte[]> hashes) {
    for (int i = 0; i < hashes.size(); i++) {
      byte[] hash = hashes.get(i);
      if (hash == null || hash.length != Sha256.LENGTH) {
        throw new MalformedProofException(what + " " + i + " is not " + Sha256.LENGTH + " bytes");
      }
    }
  }
}
