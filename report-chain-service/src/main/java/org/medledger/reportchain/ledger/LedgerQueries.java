package org.medledger.reportchain.ledger;

import java.security.PublicKey;
import java.util.List;
import org.medledger.reportchain.chain.ProofVerificationException;
import org.medledger.reportchain.chain.ProofVerifier;
import org.medledger.reportchain.crypto.LedgerSignatureVerifier;
import org.medledger.reportchain.crypto.LedgerSigner;
import org.medledger.support.web.ConflictException;
import org.medledger.support.web.InvalidRequestException;
import org.medledger.support.web.NotFoundException;
import org.medledger.support.web.ServiceUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads of the sealed ledger for the API and receipts: heads, blocks, proofs. Proofs are checked against the
 * signed roots before they are served, so a damaged node store shows up here (logged, 503) rather than as a
 * proof that fails on the client.
 */
final class LedgerQueries {

  private static final Logger log = LoggerFactory.getLogger(LedgerQueries.class);

  private final LedgerStore store;
  private final LedgerTree tree;
  private final LedgerSigningKeys keys;

  LedgerQueries(LedgerStore store, LedgerTree tree, LedgerSigningKeys keys) {
    this.store = store;
    this.tree = tree;
    this.keys = keys;
  }

  /**
   * Every key that has signed or signs the ledger, oldest first, with the first block each signs: the key of block 0
   * (before the first block, the key that will sign it), then each key a sealed {@link LedgerKeyTransition}
   * announced. A key made by a rotation whose announcement is not sealed yet is not listed: it signs nothing yet.
   */
  Mono<PublishedLedgerKeys> keys() {
    Mono<LedgerKeyVersion> first = store.block(0)
        .map(block -> block.header().keyId())
        .defaultIfEmpty(keys.active().keyId())
        .map(keyId -> {
          PublicKey key = keys.signer(keyId).map(LedgerSigner::publicKey).orElseThrow(() -> {
            log.error("The ledger's first block is signed by key {}, which this deployment does not hold", keyId);
            return new ServiceUnavailableException("ledger-key-unknown",
                "The key of the ledger's first block is not available; operators have been alerted.");
          });
          return version(key, 0);
        });
    Flux<LedgerKeyVersion> announced = store.blocksWithKind(LedgerEntryKind.LEDGER_KEY_ROTATED)
        .map(block -> version(LedgerKeyTransition.in(block).publicKey(), block.height() + 1));
    return first.concatWith(announced).collectList().map(PublishedLedgerKeys::new);
  }

  private static LedgerKeyVersion version(PublicKey key, long firstHeight) {
    return new LedgerKeyVersion(LedgerSignatureVerifier.ALGORITHM, LedgerSignatureVerifier.keyId(key),
        LedgerSignatureVerifier.toPem(key), firstHeight);
  }

  /** The latest signed head; 404 {@code ledger-empty} before the first block. */
  Mono<SignedHeader> latestHead() {
    return store.latestHead()
        .map(LedgerStore.StoredHead::header)
        .switchIfEmpty(Mono.error(() -> new NotFoundException("ledger-empty", "No ledger block has been sealed yet.")));
  }

  Mono<Block> block(long height) {
    return store.block(height).switchIfEmpty(Mono.error(() ->
        new NotFoundException("ledger-block-not-found", "There is no ledger block at height " + height + ".")));
  }

  /** The signed head whose tree size is {@code treeSize}; 404 unless a block ends exactly there. */
  Mono<SignedHeader> headAt(long treeSize) {
    return store.headerAtTreeSize(treeSize).switchIfEmpty(Mono.error(() ->
        new NotFoundException("ledger-head-not-found", "No signed head has tree size " + treeSize
            + "; the tree sizes of sealed blocks have one (see /api/ledger/blocks/{height}).")));
  }

  /** A sealed entry; 409 while it is pending, 404 if unknown. */
  Mono<LedgerEntry> sealedEntry(String entryId) {
    return store.blockWithEntry(entryId)
        .mapNotNull(block -> block.entries().stream().filter(e -> e.id().equals(entryId)).findFirst().orElse(null))
        .switchIfEmpty(Mono.defer(() -> store.pending(entryId)
            .flatMap(pending -> Mono.<LedgerEntry>error(new ConflictException("ledger-entry-pending",
                "The entry is not sealed into a block yet; blocks are sealed within seconds, retry shortly.")))
            .switchIfEmpty(Mono.error(() ->
                new NotFoundException("ledger-entry-not-found", "There is no ledger entry with this id.")))));
  }

  /** The inclusion proof of a sealed entry against the head of {@code treeSize} (default: the latest). */
  Mono<LedgerInclusionProof> inclusion(String entryId, Long treeSize) {
    return sealedEntry(entryId).flatMap(entry -> (treeSize == null ? latestHead() : headAt(treeSize))
        .flatMap(head -> inclusion(entry, head)));
  }

  /** The inclusion proof of a sealed {@code entry} against {@code head}, checked before it is returned. */
  Mono<LedgerInclusionProof> inclusion(LedgerEntry entry, SignedHeader head) {
    if (entry.leafIndex() >= head.treeSize()) {
      return Mono.error(new InvalidRequestException("entry-not-in-tree", "The entry is leaf " + entry.leafIndex()
          + ", which is not in the tree of size " + head.treeSize() + "; ask for a larger tree size."));
    }
    byte[] leafHash = LedgerEncoding.leafHash(entry);
    return tree.inclusionProof(entry.leafIndex(), head.treeSize()).map(proof -> {
      try {
        ProofVerifier.verifyInclusion(proof, leafHash, LedgerEncoding.hash(head.treeRoot(), "tree root", head.height()));
      } catch (ProofVerificationException | LedgerVerificationException e) {
        throw integrityFailure("inclusion proof of leaf " + entry.leafIndex() + " at tree size " + head.treeSize(), e);
      }
      return new LedgerInclusionProof(entry, LedgerEncoding.hex(leafHash), proof.leafIndex(), proof.treeSize(),
          LedgerEncoding.hex(proof.hashes()), head);
    });
  }

  /** The consistency proof between the signed heads of tree sizes {@code from} and {@code to}. */
  Mono<LedgerConsistencyProof> consistency(long from, long to) {
    if (from > to) {
      return Mono.error(new InvalidRequestException("invalid-tree-sizes",
          "'from' (" + from + ") must not be greater than 'to' (" + to + ")."));
    }
    return Mono.zip(headAt(from), headAt(to)).flatMap(heads -> tree.consistencyProof(from, to).map(proof -> {
      SignedHeader older = heads.getT1();
      SignedHeader newer = heads.getT2();
      try {
        ProofVerifier.verifyConsistency(proof, LedgerEncoding.hash(older.treeRoot(), "tree root", older.height()),
            LedgerEncoding.hash(newer.treeRoot(), "tree root", newer.height()));
      } catch (ProofVerificationException | LedgerVerificationException e) {
        throw integrityFailure("consistency proof " + from + " -> " + to, e);
      }
      return new LedgerConsistencyProof(from, to, LedgerEncoding.hex(proof.hashes()), older, newer);
    }));
  }

  private static ServiceUnavailableException integrityFailure(String what, RuntimeException cause) {
    log.error("Ledger integrity self-check failed for the {}: {}", what, cause.getMessage());
    return new ServiceUnavailableException("ledger-integrity-failure",
        "The ledger failed an integrity self-check while building this proof; operators have been alerted.");
  }
}
