package org.medledger.reportchain.chain;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 from the JDK provider, with one reusable digest per thread. */
public final class Sha256 {

  /** Digest length in bytes. */
  public static final int LENGTH = 32;

  private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(Sha256::newDigest);

  private Sha256() {}

  /** SHA-256 of {@code data}. */
  public static byte[] digest(byte[] data) {
    return reset().digest(data);
  }

  /** SHA-256 of the remaining bytes of {@code data}; the buffer's position is left unchanged. */
  public static byte[] digest(ByteBuffer data) {
    MessageDigest digest = reset();
    digest.update(data.duplicate());
    return digest.digest();
  }

  /** A new SHA-256 {@link MessageDigest} for callers that hash incrementally (e.g. while streaming). */
  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  /** This thread's digest, reset. Callers must finish with it before calling another method here. */
  static MessageDigest reset() {
    MessageDigest digest = DIGEST.get();
    digest.reset();
    return digest;
  }
}
