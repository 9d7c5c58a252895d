package org.medledger.reportchain.ledger;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import org.medledger.reportchain.crypto.LedgerSignatureVerifier;

/** A throwaway Ed25519 ledger key for tests (the service's key lives in its key provider). */
public final class TestSigner implements BlockSigner {

  private final KeyPair pair = newPair();
  private final String keyId = LedgerSignatureVerifier.keyId(pair.getPublic());

  public static TestSigner generate() {
    return new TestSigner();
  }

  public PublicKey publicKey() {
    return pair.getPublic();
  }

  public String publicKeyPem() {
    return LedgerSignatureVerifier.toPem(pair.getPublic());
  }

  @Override
  public String keyId() {
    return keyId;
  }

  @Override
  public byte[] sign(byte[] headerBytes) {
    try {
      Signature signature = Signature.getInstance(LedgerSignatureVerifier.ALGORITHM);
      signature.initSign(pair.getPrivate());
      signature.update(headerBytes);
      return signature.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair newPair() {
    try {
      return KeyPairGenerator.getInstance(LedgerSignatureVerifier.ALGORITHM).generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
