package org.medledger.reportchain.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import org.medledger.reportchain.ledger.BlockSigner;

/**
 * The deployment's ledger signing key: Ed25519 (RFC 8032, pure, JDK provider). Signs block headers; anyone
 * holding the published public key verifies them with {@link LedgerSignatureVerifier}.
 *
 * <p>The private key never leaves this object except through {@link #privateKeyPkcs8Dangerously()}, which
 * {@link LocalKeyring} uses to store it sealed beside its KEKs. {@link #toString()} shows the key id only.
 * Thread-safe (a {@link Signature} object is created per call).
 *
 * <p>Published forms of the public key: X.509 SubjectPublicKeyInfo DER ({@link #publicKeyDer()}, 44 bytes)
 * and its PEM armour ({@link #publicKeyPem()}). The key id is the lowercase hex SHA-256 of that DER, the way
 * Certificate Transparency names a log's key.
 */
public final class LedgerSigner implements BlockSigner {

  /** The JCA algorithm name. */
  public static final String ALGORITHM = LedgerSignatureVerifier.ALGORITHM;

  private final PrivateKey privateKey;
  private final PublicKey publicKey;
  private final String keyId;

  private LedgerSigner(PrivateKey privateKey, PublicKey publicKey) {
    this.privateKey = privateKey;
    this.publicKey = publicKey;
    this.keyId = LedgerSignatureVerifier.keyId(publicKey);
  }

  /** A new random Ed25519 key pair. */
  public static LedgerSigner generate() {
    try {
      KeyPair pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
      return new LedgerSigner(pair.getPrivate(), pair.getPublic());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 unavailable in this JDK", e);
    }
  }

  /**
   * Restores a signer from its PKCS#8 private key and X.509 public key, checking that they belong together.
   */
  static LedgerSigner fromEncoded(byte[] privateKeyPkcs8, byte[] publicKeyDer) {
    try {
      PrivateKey privateKey =
          KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(privateKeyPkcs8));
      PublicKey publicKey = LedgerSignatureVerifier.parsePublicKey(publicKeyDer);
      LedgerSigner signer = new LedgerSigner(privateKey, publicKey);
      byte[] probe = "medledger ledger key pairing check".getBytes(StandardCharsets.US_ASCII);
      LedgerSignatureVerifier.verify(publicKey, probe, signer.sign(probe));
      return signer;
    } catch (GeneralSecurityException | LedgerSignatureException e) {
      throw new IllegalArgumentException("stored ledger key pair is invalid", e);
    }
  }

  /** A 64-byte Ed25519 signature over {@code message}. */
  @Override
  public byte[] sign(byte[] message) {
    try {
      Signature signature = Signature.getInstance(ALGORITHM);
      signature.initSign(privateKey);
      signature.update(message);
      return signature.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed", e);
    }
  }

  public PublicKey publicKey() {
    return publicKey;
  }

  /** The public key as X.509 SubjectPublicKeyInfo DER. */
  public byte[] publicKeyDer() {
    return publicKey.getEncoded();
  }

  /** The public key as a PEM "PUBLIC KEY" block. */
  public String publicKeyPem() {
    return LedgerSignatureVerifier.toPem(publicKey);
  }

  /** Lowercase hex SHA-256 of {@link #publicKeyDer()}. */
  @Override
  public String keyId() {
    return keyId;
  }

  /** The private key as PKCS#8 DER, for sealed storage only. Zero the copy after use. */
  byte[] privateKeyPkcs8Dangerously() {
    byte[] encoded = privateKey.getEncoded();
    return Arrays.copyOf(encoded, encoded.length);
  }

  @Override
  public String toString() {
    return "LedgerSigner[Ed25519, keyId=" + keyId + "]";
  }
}
