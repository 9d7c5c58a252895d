package org.medledger.reportchain.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.medledger.reportchain.chain.Sha256;

/**
 * The ledger's commitment to a report file: {@code SHA-256("medledger-plaintext-v1" || salt || SHA-256(file))}, with
 * a random 32-byte salt per report. The ledger is public to every user and replicated to other hospitals, so it
 * must not carry the bare SHA-256 of a medical file: anyone holding a guessed file could confirm it was stored. The
 * salt is handed out only with the report's receipt, to those allowed to read the report; with it and the file, the
 * commitment can be recomputed offline.
 */
public final class PlaintextCommitment {

  /** Bytes of salt. */
  public static final int SALT_LENGTH = 32;

  private static final byte[] DOMAIN = "medledger-plaintext-v1".getBytes(StandardCharsets.US_ASCII);
  private static final HexFormat HEX = HexFormat.of();
  private static final SecureRandom RANDOM = new SecureRandom();

  private PlaintextCommitment() {}

  /** A fresh salt for one report. */
  public static byte[] newSalt() {
    byte[] salt = new byte[SALT_LENGTH];
    RANDOM.nextBytes(salt);
    return salt;
  }

  /** Lowercase hex commitment to the file whose SHA-256 is {@code fileSha256}. */
  public static String of(byte[] salt, byte[] fileSha256) {
    if (salt.length != SALT_LENGTH || fileSha256.length != Sha256.LENGTH) {
      throw new IllegalArgumentException("a plaintext commitment takes a 32-byte salt and a 32-byte SHA-256");
    }
    MessageDigest digest = Sha256.newDigest();
    digest.update(DOMAIN);
    digest.update(salt);
    digest.update(fileSha256);
    return HEX.formatHex(digest.digest());
  }

  /**
   * {@link #of(byte[], byte[])} from hex inputs, as receipts carry them.
   *
   * @throws IllegalArgumentException if either is not lowercase or uppercase hex of 32 bytes
   */
  public static String of(String saltHex, String fileSha256Hex) {
    return of(HEX.parseHex(saltHex), HEX.parseHex(fileSha256Hex));
  }
}
