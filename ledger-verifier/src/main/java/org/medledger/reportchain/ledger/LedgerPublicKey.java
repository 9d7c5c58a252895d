package org.medledger.reportchain.ledger;

/**
 * The ledger's public key as {@code GET /api/ledger/public-key} publishes it.
 *
 * @param algorithm {@code Ed25519}
 * @param keyId lowercase hex SHA-256 of the key's X.509 SubjectPublicKeyInfo DER; block headers name it
 * @param pem the SubjectPublicKeyInfo as a PEM "PUBLIC KEY" block
 */
public record LedgerPublicKey(String algorithm, String keyId, String pem) {}
