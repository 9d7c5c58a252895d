package org.medledger.reportchain.ledger;

import java.util.List;

/**
 * An entry's RFC 9162 inclusion proof against a signed head, as {@code GET /api/ledger/proofs/inclusion}
 * answers it. Verify with {@link LedgerVerifier#verifyInclusion} and the head's signature.
 *
 * @param entry the entry
 * @param leafHash its RFC 6962 leaf hash
 * @param leafIndex its position in the log
 * @param treeSize size of the tree the proof is against
 * @param auditPath sibling hashes from the leaf up, lowercase hex
 * @param head the signed head of that tree
 */
public record LedgerInclusionProof(LedgerEntry entry, String leafHash, long leafIndex, long treeSize,
    List<String> auditPath, SignedHeader head) {

  public LedgerInclusionProof {
    auditPath = List.copyOf(auditPath);
  }
}
