package org.medledger.reportchain.ledger;

import java.util.List;

/**
 * An RFC 9162 consistency proof between two signed heads, as {@code GET /api/ledger/proofs/consistency}
 * answers it. Verify with {@link LedgerVerifier#verifyHeadUpdate}.
 *
 * @param fromSize the older tree size
 * @param toSize the newer tree size
 * @param proof the proof's hashes, lowercase hex (empty when the sizes are equal)
 * @param from the signed head at {@code fromSize}
 * @param to the signed head at {@code toSize}
 */
public record LedgerConsistencyProof(long fromSize, long toSize, List<String> proof, SignedHeader from,
    SignedHeader to) {

  public LedgerConsistencyProof {
    proof = List.copyOf(proof);
  }
}
