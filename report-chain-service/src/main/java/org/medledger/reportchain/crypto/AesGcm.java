package org.medledger.reportchain.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.NoSuchProviderException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * The raw AES-256-GCM primitive (96-bit nonce, 128-bit tag) over one JDK {@link Cipher}; the single place in
 * this package that calls the JCE for AES.
 *
 * <p>Not thread-safe: one instance per thread or per caller that serialises its use. The caller is
 * responsible for never repeating a (key, nonce) pair for encryption; the JDK additionally refuses to
 * encrypt twice in a row with the same key and nonce on one instance.
 *
 * <p>Output layout: {@code ciphertext (same length as plaintext) || tag (16 bytes)}; the nonce is not
 * included. On a tag failure no plaintext is left in the caller's output buffer.
 */
final class AesGcm {

  static final int KEY_LENGTH = 32;
  static final int NONCE_LENGTH = 12;
  static final int TAG_LENGTH = 16;
  private static final String TRANSFORMATION = "AES/GCM/NoPadding";

  private final Cipher cipher;

  AesGcm() {
    this.cipher = newCipher();
  }

  /** Encrypts {@code in} (all remaining bytes) into {@code out}; returns the number of bytes written. */
  int encrypt(SecretKey key, byte[] nonce, byte[] associatedData, ByteBuffer in, ByteBuffer out) {
    requireRoom(out, in.remaining() + TAG_LENGTH);
    try {
      init(Cipher.ENCRYPT_MODE, key, nonce, associatedData);
      return cipher.doFinal(in, out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed: " + e.getClass().getSimpleName(), e);
    }
  }

  byte[] encrypt(SecretKey key, byte[] nonce, byte[] associatedData, byte[] plaintext) {
    byte[] out = new byte[plaintext.length + TAG_LENGTH];
    encrypt(key, nonce, associatedData, ByteBuffer.wrap(plaintext), ByteBuffer.wrap(out));
    return out;
  }

  /**
   * Decrypts and authenticates {@code in} (all remaining bytes, ciphertext then tag) into {@code out}.
   *
   * @throws AEADBadTagException if authentication fails; {@code out} is then left zeroed and at its
   *     original position
   */
  int decrypt(SecretKey key, byte[] nonce, byte[] associatedData, ByteBuffer in, ByteBuffer out)
      throws AEADBadTagException {
    if (in.remaining() < TAG_LENGTH) {
      throw new AEADBadTagException("input shorter than the tag");
    }
    int plaintextLength = in.remaining() - TAG_LENGTH;
    requireRoom(out, plaintextLength);
    int start = out.position();
    try {
      init(Cipher.DECRYPT_MODE, key, nonce, associatedData);
      return cipher.doFinal(in, out);
    } catch (AEADBadTagException e) {
      wipe(out, start, plaintextLength);
      throw e;
    } catch (GeneralSecurityException e) {
      wipe(out, start, plaintextLength);
      throw new IllegalStateException("AES-GCM decryption failed: " + e.getClass().getSimpleName(), e);
    }
  }

  byte[] decrypt(SecretKey key, byte[] nonce, byte[] associatedData, byte[] ciphertext)
      throws AEADBadTagException {
    if (ciphertext.length < TAG_LENGTH) {
      throw new AEADBadTagException("input shorter than the tag");
    }
    byte[] out = new byte[ciphertext.length - TAG_LENGTH];
    decrypt(key, nonce, associatedData, ByteBuffer.wrap(ciphertext), ByteBuffer.wrap(out));
    return out;
  }

  private void init(int mode, SecretKey key, byte[] nonce, byte[] associatedData)
      throws GeneralSecurityException {
    if (nonce.length != NONCE_LENGTH) {
      throw new IllegalArgumentException("nonce must be " + NONCE_LENGTH + " bytes");
    }
    cipher.init(mode, key, new GCMParameterSpec(TAG_LENGTH * 8, nonce));
    if (associatedData.length > 0) {
      cipher.updateAAD(associatedData);
    }
  }

  private static void requireRoom(ByteBuffer out, int needed) {
    if (out.remaining() < needed) {
      throw new IllegalArgumentException(
          "output buffer has " + out.remaining() + " bytes left, needs " + needed);
    }
  }

  private static void wipe(ByteBuffer out, int start, int length) {
    ByteBuffer region = out.duplicate().clear().position(start).limit(start + length);
    if (region.hasArray()) {
      int from = region.arrayOffset() + start;
      Arrays.fill(region.array(), from, from + length, (byte) 0);
    } else {
      while (region.hasRemaining()) {
        region.put((byte) 0);
      }
    }
    out.position(start);
  }

  /** Prefers the JDK's SunJCE provider (fast, intrinsified); falls back to the configured default. */
  private static Cipher newCipher() {
    try {
      return Cipher.getInstance(TRANSFORMATION, "SunJCE");
    } catch (NoSuchProviderException e) {
      try {
        return Cipher.getInstance(TRANSFORMATION);
      } catch (GeneralSecurityException inner) {
        throw new IllegalStateException("no AES-GCM provider", inner);
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no AES-GCM provider", e);
    }
  }
}
