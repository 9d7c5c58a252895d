package org.medledger.reportchain.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.medledger.reportchain.ledger.TestChains.flipLastBit;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.medledger.reportchain.chain.InclusionProof;
import org.medledger.reportchain.chain.MerkleTree;
import org.medledger.reportchain.crypto.LedgerSignatureVerifier;
import org.medledger.reportchain.ledger.TestChains.Chain;

/** {@link LedgerVerifier} and {@link LedgerFollower} over chains built in memory by the sealer's assembler. */
class LedgerVerifierTest {

  private static final TestSigner SIGNER = TestSigner.generate();
  private static final TestSigner OTHER_SIGNER = TestSigner.generate();

  private final Chain chain = TestChains.build(SIGNER, 3, 1, 4, 2, 5, 1);
  private final LedgerVerifier verifier = new LedgerVerifier(SIGNER.publicKey());

  @Test
  void verifyBlocks_validChainFromGenesis_endsAtHead() {
    TrustedState state = verifier.verifyBlocks(TrustedState.genesis(), chain.blocks());

    assertThat(state).isEqualTo(chain.stateAt(5));
    assertThat(state.treeSize()).isEqualTo(16);
    assertThat(state.treeRoot()).isEqualTo(LedgerEncoding.hex(chain.tree().root()));
  }

  @Test
  void verifyBlocks_fromKeptState_acceptsOnlyTheRest() {
    TrustedState kept = verifier.verifyBlocks(TrustedState.genesis(), chain.blocks().subList(0, 3));

    assertThat(verifier.verifyBlocks(kept, chain.blocks().subList(3, 6))).isEqualTo(chain.stateAt(5));
  }

  @Test
  void verifyBlock_deletedBlock_gapWithExpectedAndFoundHeights() {
    List<Block> withoutTwo = new ArrayList<>(chain.blocks());
    withoutTwo.remove(2);

    assertThatThrownBy(() -> verifier.verifyBlocks(TrustedState.genesis(), withoutTwo))
        .isInstanceOfSatisfying(LedgerGapException.class, e -> {
          assertThat(e.expectedHeight()).isEqualTo(2);
          assertThat(e.foundHeight()).isEqualTo(3);
        });
  }

  @Test
  void verifyBlock_editedPreviousHash_fork() {
    Block edited = TestChains.withHeader(chain.block(3), h -> TestChains.withPreviousHash(h, flipLastBit(h.previousHash())));

    assertThatThrownBy(() -> verifier.verifyBlock(chain.stateAt(2), edited))
        .isInstanceOfSatisfying(LedgerForkException.class, e -> {
          assertThat(e.what()).isEqualTo("previous block hash");
          assertThat(e.expected()).isEqualTo(chain.block(2).header().blockHash());
          assertThat(e.found()).isEqualTo(edited.header().previousHash());
        });
  }

  @Test
  void verifyBlock_editedEntry_editedEntryWithSignedAndComputedRoots() {
    Block edited = TestChains.withEntry(chain.block(2), 1, e -> TestChains.withActor(e, "someone-else"));

    assertThatThrownBy(() -> verifier.verifyBlock(chain.stateAt(1), edited))
        .isInstanceOfSatisfying(EditedEntryException.class, e -> {
          assertThat(e.height()).isEqualTo(2);
          assertThat(e.expected()).isEqualTo(chain.block(2).header().entriesRoot());
          assertThat(e.found()).isNotEqualTo(e.expected());
        });
  }

  @Test
  void verifyBlock_editedLeafIndex_editedEntry() {
    Block edited = TestChains.withEntry(chain.block(2), 0, e -> e.atPosition(e.leafIndex() + 1, e.blockHeight()));

    assertThatThrownBy(() -> verifier.verifyBlock(chain.stateAt(1), edited))
        .isInstanceOfSatisfying(EditedEntryException.class, e -> assertThat(e.leafIndex()).isEqualTo(4));
  }

  @Test
  void verifyBlock_editedTreeRoot_fork() {
    Block edited = TestChains.withHeader(chain.block(4), h -> TestChains.withTreeRoot(h, flipLastBit(h.treeRoot())));

    assertThatThrownBy(() -> verifier.verifyBlock(chain.stateAt(3), edited))
        .isInstanceOfSatisfying(LedgerForkException.class, e -> {
          assertThat(e.expected()).isEqualTo(chain.block(4).header().treeRoot());
          assertThat(e.found()).isEqualTo(edited.header().treeRoot());
        });
  }

  @Test
  void verifyBlock_editedTime_badSignature() {
    Block edited = TestChains.withHeader(chain.block(1),
        h -> TestChains.withSealedAt(h, h.sealedAt().plusMillis(1)));

    assertThatThrownBy(() -> verifier.verifyBlock(chain.stateAt(0), edited)).isInstanceOf(BadSignatureException.class);
  }

  @Test
  void verifyBlock_editedSignature_badSignature() {
    Block edited = TestChains.withHeader(chain.block(1), h -> TestChains.withSignature(h, flipLastBit(h.signature())));

    assertThatThrownBy(() -> verifier.verifyBlock(chain.stateAt(0), edited))
        .isInstanceOfSatisfying(BadSignatureException.class, e -> assertThat(e.found()).isEqualTo(edited.header().signature()));
  }

  @Test
  void verifyBlocks_historyResignedWithAnotherKey_badSignatureNamingBothKeyIds() {
    Chain forged = TestChains.rewrite(chain, OTHER_SIGNER, 5, e -> TestChains.withActor(e, "forger"));

    assertThatThrownBy(() -> verifier.verifyBlocks(TrustedState.genesis(), forged.blocks()))
        .isInstanceOfSatisfying(BadSignatureException.class, e -> {
          assertThat(e.height()).isZero();
          assertThat(e.expected()).isEqualTo(SIGNER.keyId());
          assertThat(e.found()).isEqualTo(OTHER_SIGNER.keyId());
        });
  }

  @Test
  void verifyBlocks_historyRewrittenAndResignedWithTheLedgerKey_forkAgainstTheKeptHead() {
    TrustedState kept = chain.stateAt(3);
    Chain rewritten = TestChains.rewrite(chain, SIGNER, 5, e -> TestChains.withActor(e, "forger"));
    // On its own the rewritten chain is perfectly valid: only a kept head can tell.
    verifier.verifyBlocks(TrustedState.genesis(), rewritten.blocks());

    assertThatThrownBy(() -> verifier.verifyBlocks(kept, rewritten.blocks().subList(4, 6)))
        .isInstanceOfSatisfying(LedgerForkException.class, e -> {
          assertThat(e.what()).isEqualTo("previous block hash");
          assertThat(e.expected()).isEqualTo(kept.blockHash());
        });
    assertThatThrownBy(() -> verifier.verifyBlock(kept, rewritten.block(3)))
        .isInstanceOf(LedgerForkException.class);
    SignedHeader rewrittenHead = rewritten.block(5).header();
    List<String> proof = LedgerEncoding.hex(
        MerkleTree.consistencyProof(rewritten.tree(), kept.treeSize(), rewrittenHead.treeSize()).hashes());
    assertThatThrownBy(() -> verifier.verifyHeadUpdate(kept, rewrittenHead, proof))
        .isInstanceOfSatisfying(LedgerForkException.class, e -> assertThat(e.expected()).isEqualTo(kept.treeRoot()));
  }

  @Test
  void verifyBlock_redeliveredHead_keepsState_butAnotherBlockAtThatHeight_fork() {
    TrustedState state = chain.stateAt(2);

    assertThat(verifier.verifyBlock(state, chain.block(2))).isEqualTo(state);
    Block other = TestChains.rewrite(chain, SIGNER, 0, e -> TestChains.withActor(e, "x")).block(2);
    assertThatThrownBy(() -> verifier.verifyBlock(state, other)).isInstanceOf(LedgerForkException.class);
  }

  @Test
  void verifyBlock_rangeOfWrongLength_malformed() {
    Block block = chain.block(3);
    Block edited = new Block(block.header(), block.treeRangeBefore().subList(1, block.treeRangeBefore().size()),
        block.entries());

    assertThatThrownBy(() -> verifier.verifyBlock(chain.stateAt(2), edited)).isInstanceOf(MalformedBlockException.class);
  }

  @Test
  void verifyHeadUpdate_consistencyProof_acceptsEveryLaterHead() {
    for (int from = 0; from < 6; from++) {
      for (int to = from; to < 6; to++) {
        TrustedState kept = chain.stateAt(from);
        SignedHeader next = chain.block(to).header();
        List<String> proof = LedgerEncoding.hex(
            MerkleTree.consistencyProof(chain.tree(), kept.treeSize(), next.treeSize()).hashes());

        assertThat(verifier.verifyHeadUpdate(kept, next, proof)).isEqualTo(chain.stateAt(to));
      }
    }
  }

  @Test
  void verifyHeadUpdate_mutatedProof_rejected() {
    TrustedState kept = chain.stateAt(1);
    SignedHeader next = chain.block(5).header();
    List<String> proof = LedgerEncoding.hex(
        MerkleTree.consistencyProof(chain.tree(), kept.treeSize(), next.treeSize()).hashes());

    for (int i = 0; i < proof.size(); i++) {
      List<String> mutated = new ArrayList<>(proof);
      mutated.set(i, flipLastBit(mutated.get(i)));
      assertThatThrownBy(() -> verifier.verifyHeadUpdate(kept, next, mutated)).isInstanceOf(LedgerForkException.class);
    }
    assertThatThrownBy(() -> verifier.verifyHeadUpdate(kept, next, proof.subList(1, proof.size())))
        .isInstanceOf(LedgerProofException.class);
    assertThatThrownBy(() -> verifier.verifyHeadUpdate(chain.stateAt(3), chain.block(2).header(), List.of()))
        .isInstanceOf(LedgerForkException.class);
  }

  @Test
  void follower_blocksOutOfOrderAndTwice_verifiesThemInOrder() {
    LedgerFollower follower = new LedgerFollower(verifier, TrustedState.genesis(), 10);
    for (int height : new int[] {1, 0, 3, 2, 2, 0, 5, 4}) {
      follower.offer(chain.block(height));
    }

    assertThat(follower.trustedState()).isEqualTo(chain.stateAt(5));
    follower.requireNoGap();
  }

  @Test
  void follower_missingBlock_gapWhenTheStreamIsDeclaredComplete() {
    LedgerFollower follower = new LedgerFollower(verifier, TrustedState.genesis(), 10);
    IntStream.of(0, 1, 3, 4).forEach(h -> follower.offer(chain.block(h)));

    assertThat(follower.trustedState()).isEqualTo(chain.stateAt(1));
    assertThatThrownBy(follower::requireNoGap)
        .isInstanceOfSatisfying(LedgerGapException.class, e -> assertThat(e.expectedHeight()).isEqualTo(2));
  }

  @Test
  void verifyReceipt_validReceipt_passes_andAnotherRootOrReport_mismatch() {
    LedgerReceipt receipt = receiptFor(0); // entry 0 is REPORT_STORED
    String root = receipt.entry().contentHash();

    LedgerVerifier.verifyReceipt(receipt, SIGNER.publicKey(), root);
    LedgerVerifier.verifyReceipt(LedgerJson.readReceipt(LedgerJson.write(receipt)), SIGNER.publicKey(),
        receipt.entry().reportId(), root);
    assertThatThrownBy(() -> LedgerVerifier.verifyReceipt(receipt, SIGNER.publicKey(), flipLastBit(root)))
        .isInstanceOfSatisfying(ReceiptMismatchException.class, e -> {
          assertThat(e.expected()).isEqualTo(flipLastBit(root));
          assertThat(e.found()).isEqualTo(root);
        });
    assertThatThrownBy(() -> LedgerVerifier.verifyReceipt(receipt, SIGNER.publicKey(), "report-other", root))
        .isInstanceOf(ReceiptMismatchException.class);
  }

  @Test
  void verifyReceipt_tampered_eachTamperingHasItsException() {
    LedgerReceipt receipt = receiptFor(0);
    String root = receipt.entry().contentHash();
    List<String> path = new ArrayList<>(receipt.auditPath());
    path.set(0, flipLastBit(path.get(0)));
    LedgerReceipt badPath = new LedgerReceipt(1, receipt.entry(), receipt.leafHash(), receipt.leafIndex(),
        receipt.treeSize(), path, receipt.head(), receipt.algorithm(), receipt.publicKeyId());
    LedgerReceipt badEntry = new LedgerReceipt(1, TestChains.withActor(receipt.entry(), "x"), receipt.leafHash(),
        receipt.leafIndex(), receipt.treeSize(), receipt.auditPath(), receipt.head(), receipt.algorithm(),
        receipt.publicKeyId());
    LedgerReceipt badHead = new LedgerReceipt(1, receipt.entry(), receipt.leafHash(), receipt.leafIndex(),
        receipt.treeSize(), receipt.auditPath(), TestChains.withSignature(receipt.head(),
            flipLastBit(receipt.head().signature())), receipt.algorithm(), receipt.publicKeyId());

    assertThatThrownBy(() -> LedgerVerifier.verifyReceipt(badPath, SIGNER.publicKey(), root))
        .isInstanceOf(LedgerProofException.class);
    assertThatThrownBy(() -> LedgerVerifier.verifyReceipt(badEntry, SIGNER.publicKey()))
        .isInstanceOf(EditedEntryException.class);
    assertThatThrownBy(() -> LedgerVerifier.verifyReceipt(badHead, SIGNER.publicKey(), root))
        .isInstanceOf(BadSignatureException.class);
    assertThatThrownBy(() -> LedgerVerifier.verifyReceipt(receipt, OTHER_SIGNER.publicKey(), root))
        .isInstanceOf(BadSignatureException.class);
  }

  private LedgerReceipt receiptFor(int leaf) {
    LedgerEntry entry = chain.entries().get(leaf);
    SignedHeader head = chain.block(5).header();
    InclusionProof proof = MerkleTree.inclusionProof(chain.tree(), leaf, head.treeSize());
    return new LedgerReceipt(1, entry, LedgerEncoding.hex(LedgerEncoding.leafHash(entry)), leaf, head.treeSize(),
        LedgerEncoding.hex(proof.hashes()), head, LedgerSignatureVerifier.ALGORITHM, head.keyId());
  }
}
