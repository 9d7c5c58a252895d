package org.medledger.reportchain.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Verifies ledger signatures with a published Ed25519 public key; depends on nothing but the JDK, so other
 * hospital systems can depend on it.
 *
 * <p>Accepts only Ed25519 keys in X.509 SubjectPublicKeyInfo form (DER, or PEM with the label
 * {@code PUBLIC KEY}) and only 64-byte signatures; anything else is a {@link LedgerSignatureException}, as is a
 * signature that does not verify. Never answers {@code false}.
 */
public final class LedgerSignatureVerifier {

  /** The JCA name of the ledger's signature algorithm. */
  public static final String ALGORITHM = "Ed25519";

  /** Ed25519 signature length in bytes. */
  public static final int SIGNATURE_LENGTH = 64;
  private static final int MAX_PEM_LENGTH = 4096;
  private static final String PEM_BEGIN = "-----BEGIN PUBLIC KEY-----";
  private static final String PEM_END = "-----END PUBLIC KEY-----";

  private LedgerSignatureVerifier() {}

  /**
   * Checks {@code signature} over {@code message}.
   *
   * @throws LedgerSignatureException if the signature is malformed or does not verify
   */
  public static void verify(PublicKey publicKey, byte[] message, byte[] signature) {
    requireEd25519(publicKey);
    if (signature == null || signature.length != SIGNATURE_LENGTH) {
      throw new LedgerSignatureException("an Ed25519 signature is " + SIGNATURE_LENGTH + " bytes, got "
          + (signature == null ? "none" : signature.length));
    }
    boolean valid;
    try {
      Signature verifier = Signature.getInstance(ALGORITHM);
      verifier.initVerify(publicKey);
      verifier.update(message);
      valid = verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      throw new LedgerSignatureException("signature could not be checked: " + e.getMessage(), e);
    }
    if (!valid) {
      throw new LedgerSignatureException("ledger signature does not verify under key " + keyId(publicKey));
    }
  }

  /** Parses an Ed25519 public key from X.509 SubjectPublicKeyInfo DER. */
  public static PublicKey parsePublicKey(byte[] der) {
    if (der == null || der.length == 0 || der.length > MAX_PEM_LENGTH) {
      throw new LedgerSignatureException("public key encoding missing or too long");
    }
    try {
      PublicKey key = KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
      requireEd25519(key);
      return key;
    } catch (GeneralSecurityException e) {
      throw new LedgerSignatureException("not an Ed25519 SubjectPublicKeyInfo", e);
    }
  }

  /** Parses a PEM "PUBLIC KEY" block holding an Ed25519 SubjectPublicKeyInfo. */
  public static PublicKey parsePublicKeyPem(String pem) {
    if (pem == null || pem.length() > MAX_PEM_LENGTH) {
      throw new LedgerSignatureException("PEM missing or too long");
    }
    String trimmed = pem.strip();
    if (!trimmed.startsWith(PEM_BEGIN) || !trimmed.endsWith(PEM_END)) {
      throw new LedgerSignatureException("expected a PEM block labelled PUBLIC KEY");
    }
    String body = trimmed.substring(PEM_BEGIN.length(), trimmed.length() - PEM_END.length());
    try {
      return parsePublicKey(Base64.getMimeDecoder().decode(body));
    } catch (IllegalArgumentException e) {
      throw new LedgerSignatureException("PEM body is not base64", e);
    }
  }

  /** The PEM "PUBLIC KEY" block of {@code publicKey} (64-character lines, trailing newline). */
  public static String toPem(PublicKey publicKey) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(publicKey.getEncoded());
    return PEM_BEGIN + "\n" + body + "\n" + PEM_END + "\n";
  }

  /** Lowercase hex SHA-256 of the key's SubjectPublicKeyInfo DER. */
  public static String keyId(PublicKey publicKey) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(publicKey.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  private static void requireEd25519(PublicKey key) {
    if (!(key instanceof EdECPublicKey edKey) || !"Ed25519".equalsIgnoreCase(edKey.getParams().getName())) {
      throw new LedgerSignatureException("ledger keys are Ed25519; got "
          + (key == null ? "no key" : key.getAlgorithm()));
    }
  }
}
