package org.medledger.reportchain.crypto;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The sealed envelope of a {@link LocalKeyring} file. All integers big-endian:
 * <pre>
 * magic (4)          "MLKR"
 * format (1)         0x02 (0x01: files written before ledger key rotation; read, rewritten as 0x02 on the next
 *                    write); names the layout of the body, see {@link KeyringContents}
 * kdf (1)            0x01 = PBKDF2-HMAC-SHA256
 * iterations (4)     10,000 .. 10,000,000 (600,000 by default)
 * salt length (1)    16 .. 64
 * salt (n)           random, fixed for the life of the file
 * nonce (12)         random, fresh for every write
 * body (m)           AES-256-GCM(file key, nonce, associated data = every byte above, {@link KeyringContents})
 *                    || tag (16)
 * </pre>
 * file key = PBKDF2-HMAC-SHA256(master secret, salt, iterations, 256 bits). PBKDF2 rather than HKDF because
 * the master secret is a configuration string that may be a passphrase with little entropy; the high
 * iteration count makes guessing it from a stolen file expensive. The whole header is authenticated, so a
 * lowered iteration count or a swapped salt fails like a wrong secret. The derived key is cached for the
 * instance's lifetime so that rewrites do not pay the KDF again.
 */
final class KeyringFile {

  static final int MIN_ITERATIONS = 10_000;
  static final int MAX_ITERATIONS = 10_000_000;
  static final int MAX_FILE_LENGTH = 1 << 20;
  private static final byte[] MAGIC = "MLKR".getBytes(StandardCharsets.US_ASCII);
  /** Body layout of files written before the ledger key could rotate: one ledger key. */
  static final byte FORMAT_SINGLE_LEDGER_KEY = 1;
  /** Current body layout: ledger key versions. */
  static final byte FORMAT_LEDGER_KEY_VERSIONS = 2;
  private static final byte KDF_PBKDF2_HMAC_SHA256 = 1;
  private static final int SALT_LENGTH = 16;

  private final byte[] salt;
  private final int iterations;
  private final SecretKeySpec fileKey;

  private KeyringFile(byte[] salt, int iterations, SecretKeySpec fileKey) {
    this.salt = salt;
    this.iterations = iterations;
    this.fileKey = fileKey;
  }

  /** A new envelope with a fresh salt. */
  static KeyringFile create(char[] masterSecret, int iterations, SecureRandom random) {
    if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
      throw new IllegalArgumentException(
          "PBKDF2 iterations must be " + MIN_ITERATIONS + ".." + MAX_ITERATIONS + ", was " + iterations);
    }
    byte[] salt = new byte[SALT_LENGTH];
    random.nextBytes(salt);
    return new KeyringFile(salt, iterations, derive(masterSecret, salt, iterations));
  }

  /** Parses the header of an existing file and derives its key; does not yet authenticate anything. */
  static KeyringFile forExisting(char[] masterSecret, byte[] file) {
    Header header = Header.parse(file);
    return new KeyringFile(header.salt, header.iterations, derive(masterSecret, header.salt, header.iterations));
  }

  /** Seals {@code body} into complete file bytes with a fresh nonce. */
  byte[] seal(byte[] body, SecureRandom random) {
    byte[] nonce = new byte[AesGcm.NONCE_LENGTH];
    random.nextBytes(nonce);
    byte[] header = ByteBuffer.allocate(4 + 1 + 1 + 4 + 1 + salt.length + nonce.length)
        .put(MAGIC).put(FORMAT_LEDGER_KEY_VERSIONS).put(KDF_PBKDF2_HMAC_SHA256).putInt(iterations)
        .put((byte) salt.length).put(salt).put(nonce)
        .array();
    byte[] sealed = new AesGcm().encrypt(fileKey, nonce, header, body);
    return ByteBuffer.allocate(header.length + sealed.length).put(header).put(sealed).array();
  }

  /** A decrypted body and the format byte that names its layout. */
  record Body(byte format, byte[] bytes) {}

  /**
   * Authenticates and decrypts file bytes written under this envelope's salt and iterations.
   *
   * @throws KeyringUnlockException on a wrong secret, a modified file, or another envelope's salt
   */
  Body open(byte[] file) {
    Header header = Header.parse(file);
    if (!Arrays.equals(header.salt, salt) || header.iterations != iterations) {
      throw new KeyringUnlockException(
          "keyring file was re-created with another salt or iteration count; restart to re-open it", null);
    }
    try {
      return new Body(header.format, new AesGcm().decrypt(fileKey, header.nonce, Arrays.copyOf(file, header.length),
          Arrays.copyOfRange(file, header.length, file.length)));
    } catch (AEADBadTagException e) {
      throw new KeyringUnlockException(
          "keyring cannot be opened: wrong master secret, or the file was modified", e);
    }
  }

  private static SecretKeySpec derive(char[] masterSecret, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(masterSecret, salt, iterations, AesGcm.KEY_LENGTH * 8);
    try {
      byte[] key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
      SecretKeySpec result = new SecretKeySpec(key, "AES");
      Arrays.fill(key, (byte) 0);
      return result;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", e);
    } finally {
      spec.clearPassword();
    }
  }

  private record Header(byte format, int iterations, byte[] salt, byte[] nonce, int length) {

    static Header parse(byte[] file) {
      ByteBuffer in = ByteBuffer.wrap(file);
      try {
        byte[] magic = new byte[MAGIC.length];
        in.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
          throw new KeyringUnlockException("not a MedLedger keyring file", null);
        }
        byte format = in.get();
        if (format != FORMAT_SINGLE_LEDGER_KEY && format != FORMAT_LEDGER_KEY_VERSIONS
            || in.get() != KDF_PBKDF2_HMAC_SHA256) {
          throw new KeyringUnlockException("unsupported keyring format or KDF", null);
        }
        int iterations = in.getInt();
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
          throw new KeyringUnlockException("keyring header: iteration count out of range", null);
        }
        int saltLength = Byte.toUnsignedInt(in.get());
        if (saltLength < 16 || saltLength > 64) {
          throw new KeyringUnlockException("keyring header: salt length out of range", null);
        }
        byte[] salt = new byte[saltLength];
        in.get(salt);
        byte[] nonce = new byte[AesGcm.NONCE_LENGTH];
        in.get(nonce);
        if (in.remaining() < AesGcm.TAG_LENGTH) {
          throw new KeyringUnlockException("keyring file truncated", null);
        }
        return new Header(format, iterations, salt, nonce, in.position());
      } catch (BufferUnderflowException e) {
        throw new KeyringUnlockException("keyring file truncated", e);
      }
    }
  }
}
