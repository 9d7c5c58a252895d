package org.medledger.reportchain.ledger;

import java.util.List;

/**
 * Everything needed to check offline, with only the ledger's public key, that an entry (typically the
 * {@code REPORT_STORED} entry whose content hash is a report's Merkle root) is in the ledger: the entry, its
 * RFC 9162 inclusion proof in the tree of {@code treeSize} entries, and the signed head of that tree. Check it
 * with {@link LedgerVerifier#verifyReceipt(LedgerReceipt, java.security.PublicKey, String)}.
 *
 * @param version receipt format, 1
 * @param entry the entry, with its leaf index and block height
 * @param leafHash the entry's leaf hash (recomputed by the verifier, given for convenience)
 * @param leafIndex the entry's position in the log
 * @param treeSize size of the tree the proof is against ({@code head.treeSize})
 * @param auditPath the inclusion proof, sibling hashes from the leaf up, lowercase hex
 * @param head the signed head the proof is against
 * @param algorithm the signature algorithm, {@code Ed25519}
 * @param publicKeyId id of the key that signed {@code head} (SHA-256 of its SubjectPublicKeyInfo, hex)
 */
public record LedgerReceipt(
    int version,
    LedgerEntry entry,
    String leafHash,
    long leafIndex,
    long treeSize,
    List<String> auditPath,
    SignedHeader head,
    String algorithm,
    String publicKeyId) {

  public LedgerReceipt {
    auditPath = auditPath == null ? List.of() : List.copyOf(auditPath);
  }
}
