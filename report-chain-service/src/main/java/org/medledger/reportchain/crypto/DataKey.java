package org.medledger.reportchain.crypto;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.spec.SecretKeySpec;
import javax.security.auth.Destroyable;

/**
 * A report's 256-bit AES data key: one fresh key per report, stored only wrapped by a {@link KeyProvider}.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>{@link #generate()} draws 32 bytes from {@link SecureRandom}.</li>
 *   <li>A generated key can seal exactly one report: {@link ChunkSealer#forNewReport} claims it, and a second
 *       claim fails. Keys that were imported or unwrapped can only open, never seal. Together with
 *       {@link ChunkSealer}'s index discipline this makes a repeated (key, nonce) pair impossible through
 *       this API.</li>
 *   <li>Raw bytes leave only through {@link #rawBytesDangerously()} and enter only through
 *       {@link #fromRawBytesDangerously(byte[])}: names meant to stand out in review. Both copy.</li>
 *   <li>{@link #destroy()} zeroes this object's copy of the key; later use fails with
 *       {@link IllegalStateException}. JCE objects built from the key (cipher key schedules) keep their own
 *       copies until they are garbage-collected: zeroing is best effort, as everywhere on the JVM.</li>
 *   <li>{@link #toString()} never shows key bytes. Equality is identity.</li>
 * </ul>
 * Thread-safe.
 */
public final class DataKey implements Destroyable {

  /** Key length in bytes. */
  public static final int LENGTH = 32;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] key;
  private final boolean sealable;
  private final AtomicBoolean claimedForSealing = new AtomicBoolean();
  private volatile boolean destroyed;

  private DataKey(byte[] key, boolean sealable) {
    this.key = key;
    this.sealable = sealable;
  }

  /** A fresh random key, usable to seal one new report. */
  public static DataKey generate() {
    return generate(RANDOM);
  }

  /** A fresh random key drawn from {@code random}, usable to seal one new report. */
  public static DataKey generate(SecureRandom random) {
    byte[] bytes = new byte[LENGTH];
    random.nextBytes(bytes);
    return new DataKey(bytes, true);
  }

  /**
   * Imports an existing key, for {@link KeyProvider} implementations after unwrapping. The result can open
   * chunks but never seal: an existing key may already have been used with every nonce.
   *
   * @param raw exactly 32 bytes; copied, so the caller should zero its array
   */
  public static DataKey fromRawBytesDangerously(byte[] raw) {
    if (raw == null || raw.length != LENGTH) {
      throw new IllegalArgumentException("a data key is exactly " + LENGTH + " bytes");
    }
    return new DataKey(raw.clone(), false);
  }

  /**
   * A copy of the raw key bytes, for {@link KeyProvider} implementations that wrap it. Zero the copy after
   * use. Never log, persist or send it anywhere unwrapped.
   */
  public byte[] rawBytesDangerously() {
    checkNotDestroyed();
    return key.clone();
  }

  /** Whether this key was generated here and so may seal a new report (once). */
  public boolean isSealable() {
    return sealable;
  }

  @Override
  public void destroy() {
    destroyed = true;
    Arrays.fill(key, (byte) 0);
  }

  @Override
  public boolean isDestroyed() {
    return destroyed;
  }

  @Override
  public String toString() {
    return destroyed ? "DataKey[destroyed]" : "DataKey[AES-256, redacted]";
  }

  /** The key as a JCE key object (a new copy). */
  SecretKeySpec secretKey() {
    checkNotDestroyed();
    return new SecretKeySpec(key, "AES");
  }

  /** Claims this key for sealing one report; fails if it may not seal or was claimed before. */
  void claimForSealing() {
    checkNotDestroyed();
    if (!sealable) {
      throw new IllegalStateException(
          "an imported or unwrapped data key cannot seal; generate a fresh DataKey for each new report");
    }
    if (!claimedForSealing.compareAndSet(false, true)) {
      throw new IllegalStateException(
          "this data key already sealed a report; generate a fresh DataKey for each new report");
    }
  }

  void checkNotDestroyed() {
    if (destroyed) {
      throw new IllegalStateException("data key was destroyed");
    }
  }
}
