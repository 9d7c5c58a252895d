package org.medledger.reportchain.audit;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * The ledger head the last audit verified; the next audit requires the ledger to still contain exactly that block.
 *
 * @param id always {@link #LEDGER}
 * @param height block height
 * @param blockHash that block's hash
 * @param treeSize tree size at that block
 * @param treeRoot tree root at that block
 * @param auditId the audit that verified it
 * @param verifiedAt when
 */
@Document(AuditState.COLLECTION)
public record AuditState(@Id String id, long height, String blockHash, long treeSize, String treeRoot,
        String auditId, Instant verifiedAt) {

    /** The MongoDB collection. */
    public static final String COLLECTION = "audit_state";
    /** The id of the one document. */
    public static final String LEDGER = "ledger";
}
