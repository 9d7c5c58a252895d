package org.medledger.reportchain.chain;

import java.security.MessageDigest;

/**
 * RFC 6962 §2.1 / RFC 9162 §2.1.1 tree hashing with SHA-256, domain-separated so a leaf can never be taken
 * for an interior node:
 * <pre>
 * empty tree   MTH({})      = SHA-256()
 * leaf         MTH({d})     = SHA-256(0x00 || d)
 * node                      = SHA-256(0x01 || left || right)
 * </pre>
 * Stateless and thread-safe.
 */
public final class MerkleHasher {

  /** Hash length in bytes. */
  public static final int HASH_LENGTH = Sha256.LENGTH;

  private static final byte LEAF_PREFIX = 0x00;
  private static final byte NODE_PREFIX = 0x01;
  private static final byte[] EMPTY_ROOT = Sha256.digest(new byte[0]);

  private MerkleHasher() {}

  /** The root of the empty tree, SHA-256 of no bytes. */
  public static byte[] emptyRoot() {
    return EMPTY_ROOT.clone();
  }

  /** The leaf hash of {@code leaf}: SHA-256(0x00 || leaf). */
  public static byte[] hashLeaf(byte[] leaf) {
    MessageDigest digest = Sha256.reset();
    digest.update(LEAF_PREFIX);
    digest.update(leaf);
    return digest.digest();
  }

  /** The interior node over two child hashes: SHA-256(0x01 || left || right). */
  public static byte[] hashChildren(byte[] left, byte[] right) {
    MessageDigest digest = Sha256.reset();
    digest.update(NODE_PREFIX);
    digest.update(left);
    digest.update(right);
    return digest.digest();
  }
}
