package org.medledger.reportchain.ledger;

/**
 * Signs block headers for {@link BlockAssembler}: the service's ledger key, or a test key. The verifier side needs
 * only the public key; keeping this an interface keeps private key handling out of the verifier module.
 */
public interface BlockSigner {

  /** Lowercase hex SHA-256 of the public key's X.509 SubjectPublicKeyInfo DER, as headers name it. */
  String keyId();

  /** The Ed25519 signature (64 bytes) over {@code headerBytes}. */
  byte[] sign(byte[] headerBytes);
}
