package org.medledger.reportchain.audit;

import java.time.Clock;
import java.util.List;
import org.medledger.reportchain.ledger.Block;
import org.medledger.reportchain.ledger.LedgerAuditAccess;
import org.medledger.reportchain.ledger.LedgerVerificationException;
import org.medledger.reportchain.ledger.TrustedState;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import reactor.core.publisher.Mono;

/**
 * Verifies the whole ledger from its first block with the deployment's public key (signatures, chaining, entries,
 * tree growth) and checks that it still contains the head the previous audit verified.
 */
class LedgerCheck {

    private static final int PAGE = 200;

    private final LedgerAuditAccess access;
    private final ReactiveMongoTemplate mongo;
    private final Clock clock;

    LedgerCheck(LedgerAuditAccess access, ReactiveMongoTemplate mongo, Clock clock) {
        this.access = access;
        this.mongo = mongo;
        this.clock = clock;
    }

    /** The verdict of one verification. */
    record Result(boolean verified, TrustedState head, Long brokenAt, String problem) {
    }

    Mono<Result> verify() {
        return mongo.findById(AuditState.LEDGER, AuditState.class)
                .map(java.util.Optional::of)
                .defaultIfEmpty(java.util.Optional.empty())
                .flatMap(previous -> page(TrustedState.genesis(), previous.orElse(null), new boolean[1]));
    }

    private Mono<Result> page(TrustedState state, AuditState previous, boolean[] previousSeen) {
        return access.blocks(state.height() + 1, PAGE).collectList()
                .onErrorResume(LedgerVerificationException.class, e -> Mono.error(new UnreadableBlock(e)))
                .flatMap(blocks -> {
            TrustedState current = state;
            try {
                current = verifyBlocks(current, blocks, previous, previousSeen);
            } catch (LedgerVerificationException e) {
                return Mono.just(new Result(false, current, e.height(), e.getMessage()));
            } catch (PreviousHeadMismatch e) {
                return Mono.just(new Result(false, current, previous.height(), e.getMessage()));
            }
            if (blocks.size() < PAGE) {
                if (previous != null && !previousSeen[0]) {
                    return Mono.just(new Result(false, current, previous.height(), "the ledger ends at height "
                            + current.height() + " but the previous audit verified height " + previous.height()));
                }
                return Mono.just(new Result(true, current, null, null));
            }
            return page(current, previous, previousSeen);
        }).onErrorResume(UnreadableBlock.class, e -> Mono.just(new Result(false, state, e.cause.height(),
                e.cause.getMessage())));
    }

    /** A stored block that cannot even be read as a block. */
    private static final class UnreadableBlock extends RuntimeException {
        final LedgerVerificationException cause;

        UnreadableBlock(LedgerVerificationException cause) {
            super(cause.getMessage(), cause, false, false);
            this.cause = cause;
        }
    }

    private TrustedState verifyBlocks(TrustedState state, List<Block> blocks, AuditState previous,
            boolean[] previousSeen) {
        TrustedState current = state;
        for (Block block : blocks) {
            current = access.verifier().verifyBlock(current, block);
            if (previous != null && current.height() == previous.height()) {
                previousSeen[0] = true;
                if (!current.blockHash().equals(previous.blockHash())) {
                    throw new PreviousHeadMismatch("block hash at the previously audited height " + previous.height()
                            + " expected " + previous.blockHash() + ", found " + current.blockHash());
                }
            }
        }
        return current;
    }

    /** Stores {@code head} as the head the next audit must find again. */
    Mono<Void> remember(TrustedState head, String auditId) {
        if (head.height() < 0) {
            return Mono.empty();
        }
        return mongo.save(new AuditState(AuditState.LEDGER, head.height(), head.blockHash(), head.treeSize(),
                head.treeRoot(), auditId, clock.instant())).then();
    }

    private static final class PreviousHeadMismatch extends RuntimeException {
        PreviousHeadMismatch(String message) {
            super(message, null, false, false);
        }
    }
}
