package org.medledger.reportchain.crypto;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret body of a {@link LocalKeyring} file (the plaintext inside {@link KeyringFile}'s envelope): the
 * KEK versions and the ledger signing key versions. Immutable. Encoding, all integers big-endian:
 * <pre>
 * current version (4)
 * KEK count (2)                         1..65535
 * KEK count x { version (4), created at (8, epoch seconds), key (32) }   versions strictly increasing
 * ledger key count (1)                  1..255 (format 0x02 only; format 0x01 holds exactly one, without count)
 * ledger key count x {                  oldest first; the last is the active one
 *   ledger key algorithm (1)            0x01 = Ed25519
 *   private key length (2), private key PKCS#8 DER, at most 1024 bytes
 *   public key length (2), public key   X.509 SubjectPublicKeyInfo DER, at most 1024 bytes
 * }
 * </pre>
 * The envelope's format byte ({@link KeyringFile#FORMAT_SINGLE_LEDGER_KEY} or
 * {@link KeyringFile#FORMAT_LEDGER_KEY_VERSIONS}) says which layout the body has; {@link #encode()} writes the newer.
 */
final class KeyringContents {

  private static final byte LEDGER_KEY_ED25519 = 1;
  private static final int MAX_LEDGER_KEY_LENGTH = 1024;
  private static final int MAX_LEDGER_KEYS = 255;

  record Kek(int version, Instant createdAt, SecretKeySpec key) {}

  private final int currentVersion;
  private final SortedMap<Integer, Kek> keks;
  private final List<LedgerSigner> ledgerSigners;

  private KeyringContents(int currentVersion, SortedMap<Integer, Kek> keks, List<LedgerSigner> ledgerSigners) {
    this.currentVersion = currentVersion;
    this.keks = Collections.unmodifiableSortedMap(keks);
    this.ledgerSigners = List.copyOf(ledgerSigners);
  }

  /** A new keyring: KEK version 1 and a new ledger key. */
  static KeyringContents createNew(byte[] firstKek, Instant now) {
    TreeMap<Integer, Kek> keks = new TreeMap<>();
    keks.put(1, new Kek(1, now, new SecretKeySpec(firstKek, "AES")));
    return new KeyringContents(1, keks, List.of(LedgerSigner.generate()));
  }

  /** This keyring plus a new KEK version that becomes current. */
  KeyringContents withNewVersion(byte[] kek, Instant now) {
    int version = keks.lastKey() + 1;
    TreeMap<Integer, Kek> next = new TreeMap<>(keks);
    next.put(version, new Kek(version, now, new SecretKeySpec(kek, "AES")));
    return new KeyringContents(version, next, ledgerSigners);
  }

  /** This keyring plus {@code signer} as the new active ledger key; older ones are kept. */
  KeyringContents withLedgerSigner(LedgerSigner signer) {
    if (ledgerSigners.size() >= MAX_LEDGER_KEYS) {
      throw new IllegalStateException("the keyring holds " + MAX_LEDGER_KEYS + " ledger keys already");
    }
    List<LedgerSigner> next = new ArrayList<>(ledgerSigners);
    next.add(signer);
    return new KeyringContents(currentVersion, keks, next);
  }

  int currentVersion() {
    return currentVersion;
  }

  SortedMap<Integer, Kek> keks() {
    return keks;
  }

  /** The active ledger key: the newest. */
  LedgerSigner ledgerSigner() {
    return ledgerSigners.getLast();
  }

  /** Every ledger key version, oldest first. */
  List<LedgerSigner> ledgerSigners() {
    return ledgerSigners;
  }

  byte[] encode() {
    List<byte[]> privateKeys = ledgerSigners.stream().map(LedgerSigner::privateKeyPkcs8Dangerously).toList();
    List<byte[]> publicKeys = ledgerSigners.stream().map(LedgerSigner::publicKeyDer).toList();
    int ledgerKeyBytes = 0;
    for (int i = 0; i < ledgerSigners.size(); i++) {
      ledgerKeyBytes += 1 + 2 + privateKeys.get(i).length + 2 + publicKeys.get(i).length;
    }
    ByteBuffer out = ByteBuffer.allocate(
        4 + 2 + keks.size() * (4 + 8 + AesGcm.KEY_LENGTH) + 1 + ledgerKeyBytes);
    out.putInt(currentVersion).putShort((short) keks.size());
    for (Kek kek : keks.values()) {
      out.putInt(kek.version()).putLong(kek.createdAt().getEpochSecond()).put(kek.key().getEncoded());
    }
    out.put((byte) ledgerSigners.size());
    for (int i = 0; i < ledgerSigners.size(); i++) {
      out.put(LEDGER_KEY_ED25519)
          .putShort((short) privateKeys.get(i).length).put(privateKeys.get(i))
          .putShort((short) publicKeys.get(i).length).put(publicKeys.get(i));
      Arrays.fill(privateKeys.get(i), (byte) 0);
    }
    return out.array();
  }

  /**
   * Decodes and validates a keyring body in the layout {@code format} names; throws {@link IllegalArgumentException}
   * on any inconsistency.
   */
  static KeyringContents decode(byte format, byte[] encoded) {
    ByteBuffer in = ByteBuffer.wrap(encoded);
    try {
      int current = in.getInt();
      int count = Short.toUnsignedInt(in.getShort());
      if (count == 0) {
        throw new IllegalArgumentException("keyring holds no KEK");
      }
      TreeMap<Integer, Kek> keks = new TreeMap<>();
      int previous = 0;
      for (int i = 0; i < count; i++) {
        int version = in.getInt();
        if (version <= previous) {
          throw new IllegalArgumentException("KEK versions not strictly increasing");
        }
        Instant createdAt = Instant.ofEpochSecond(in.getLong());
        byte[] key = new byte[AesGcm.KEY_LENGTH];
        in.get(key);
        keks.put(version, new Kek(version, createdAt, new SecretKeySpec(key, "AES")));
        Arrays.fill(key, (byte) 0);
        previous = version;
      }
      if (!keks.containsKey(current)) {
        throw new IllegalArgumentException("current KEK version " + current + " is missing");
      }
      int ledgerKeyCount = format == KeyringFile.FORMAT_SINGLE_LEDGER_KEY ? 1 : Byte.toUnsignedInt(in.get());
      if (ledgerKeyCount == 0) {
        throw new IllegalArgumentException("keyring holds no ledger key");
      }
      List<LedgerSigner> signers = new ArrayList<>(ledgerKeyCount);
      for (int i = 0; i < ledgerKeyCount; i++) {
        signers.add(readLedgerSigner(in));
      }
      if (in.hasRemaining()) {
        throw new IllegalArgumentException("trailing bytes in keyring");
      }
      return new KeyringContents(current, keks, signers);
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("keyring body truncated", e);
    }
  }

  private static LedgerSigner readLedgerSigner(ByteBuffer in) {
    if (in.get() != LEDGER_KEY_ED25519) {
      throw new IllegalArgumentException("unknown ledger key algorithm");
    }
    byte[] privateKey = readBounded(in);
    byte[] publicKey = readBounded(in);
    try {
      return LedgerSigner.fromEncoded(privateKey, publicKey);
    } finally {
      Arrays.fill(privateKey, (byte) 0);
    }
  }

  private static byte[] readBounded(ByteBuffer in) {
    int length = Short.toUnsignedInt(in.getShort());
    if (length == 0 || length > MAX_LEDGER_KEY_LENGTH || length > in.remaining()) {
      throw new IllegalArgumentException("bad ledger key length " + length);
    }
    byte[] bytes = new byte[length];
    in.get(bytes);
    return bytes;
  }
}
