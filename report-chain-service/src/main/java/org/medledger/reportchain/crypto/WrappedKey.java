package org.medledger.reportchain.crypto;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A data key wrapped by a {@link KeyProvider}: the KEK version that wrapped it and the provider's opaque
 * ciphertext. Not secret (it is stored in the manifest), but useless without the KEK and the report id.
 *
 * <p>Wire format of {@link #toBytes()} (big-endian), version 1:
 * <pre>
 * 0x01 (1)                      format version
 * kekVersion length (2)         1..512
 * kekVersion (n)                US-ASCII printable, e.g. "local:v3" or a KMS key ARN
 * ciphertext length (2)         1..8192
 * ciphertext (m)                provider-specific, see the provider's Javadoc
 * </pre>
 * {@link #fromBytes} checks every length against these bounds before allocating and rejects trailing bytes.
 * The byte array accessor and constructor copy; equality compares contents.
 */
public record WrappedKey(String kekVersion, byte[] ciphertext) {

  /** Upper bound on a KEK version string. */
  public static final int MAX_KEK_VERSION_LENGTH = 512;
  /** Upper bound on the wrapped ciphertext (AWS KMS blobs are at most 6144 bytes). */
  public static final int MAX_CIPHERTEXT_LENGTH = 8192;
  private static final byte FORMAT_VERSION = 1;

  public WrappedKey {
    Objects.requireNonNull(kekVersion, "kekVersion");
    Objects.requireNonNull(ciphertext, "ciphertext");
    if (kekVersion.isEmpty() || kekVersion.length() > MAX_KEK_VERSION_LENGTH
        || !kekVersion.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new IllegalArgumentException(
          "KEK version must be 1.." + MAX_KEK_VERSION_LENGTH + " printable ASCII characters");
    }
    if (ciphertext.length == 0 || ciphertext.length > MAX_CIPHERTEXT_LENGTH) {
      throw new IllegalArgumentException(
          "wrapped key ciphertext must be 1.." + MAX_CIPHERTEXT_LENGTH + " bytes, was " + ciphertext.length);
    }
    ciphertext = ciphertext.clone();
  }

  @Override
  public byte[] ciphertext() {
    return ciphertext.clone();
  }

  /** The version-1 wire form described in the class Javadoc. */
  public byte[] toBytes() {
    byte[] version = kekVersion.getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.allocate(1 + 2 + version.length + 2 + ciphertext.length)
        .put(FORMAT_VERSION)
        .putShort((short) version.length)
        .put(version)
        .putShort((short) ciphertext.length)
        .put(ciphertext)
        .array();
  }

  /** Parses the wire form; every length is bounded before use. */
  public static WrappedKey fromBytes(byte[] encoded) {
    ByteBuffer in = ByteBuffer.wrap(encoded);
    try {
      if (in.get() != FORMAT_VERSION) {
        throw new IllegalArgumentException("unknown wrapped key format version");
      }
      int versionLength = Short.toUnsignedInt(in.getShort());
      if (versionLength == 0 || versionLength > MAX_KEK_VERSION_LENGTH || versionLength > in.remaining()) {
        throw new IllegalArgumentException("wrapped key: bad KEK version length " + versionLength);
      }
      byte[] version = new byte[versionLength];
      in.get(version);
      int ciphertextLength = Short.toUnsignedInt(in.getShort());
      if (ciphertextLength != in.remaining()) {
        throw new IllegalArgumentException("wrapped key: ciphertext length " + ciphertextLength
            + " does not match the " + in.remaining() + " bytes that follow");
      }
      byte[] ciphertext = new byte[ciphertextLength];
      in.get(ciphertext);
      return new WrappedKey(new String(version, StandardCharsets.US_ASCII), ciphertext);
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("wrapped key: truncated", e);
    }
  }

  /** {@link #toBytes()} as base64 (standard alphabet, padded), for text fields. */
  public String toBase64() {
    return Base64.getEncoder().encodeToString(toBytes());
  }

  public static WrappedKey fromBase64(String encoded) {
    if (encoded.length() > 4 * (MAX_CIPHERTEXT_LENGTH + MAX_KEK_VERSION_LENGTH)) {
      throw new IllegalArgumentException("wrapped key: too long");
    }
    return fromBytes(Base64.getDecoder().decode(encoded));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof WrappedKey that
        && kekVersion.equals(that.kekVersion)
        && Arrays.equals(ciphertext, that.ciphertext);
  }

  @Override
  public int hashCode() {
    return 31 * kekVersion.hashCode() + Arrays.hashCode(ciphertext);
  }

  @Override
  public String toString() {
    return "WrappedKey[kekVersion=" + kekVersion + ", " + ciphertext.length + " bytes]";
  }
}
