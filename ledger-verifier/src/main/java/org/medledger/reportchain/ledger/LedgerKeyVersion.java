package org.medledger.reportchain.ledger;

/**
 * One version of the ledger signing key as {@code GET /api/ledger/keys} publishes it.
 *
 * @param algorithm {@code Ed25519}
 * @param keyId lowercase hex SHA-256 of the key's X.509 SubjectPublicKeyInfo DER; block headers name it
 * @param pem the SubjectPublicKeyInfo as a PEM "PUBLIC KEY" block
 * @param firstHeight the first block this key signs; it signs every block up to the next version's first height
 */
public record LedgerKeyVersion(String algorithm, String keyId, String pem, long firstHeight) {}
