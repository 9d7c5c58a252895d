package org.medledger.reportchain.ledger;

import java.util.List;

/** {@link TestChains} for tests outside this package (the command line's). */
public final class LedgerTestAccess {

  private LedgerTestAccess() {}

  /** Signed blocks of the given sizes. */
  public static List<Block> chain(BlockSigner signer, int... blockSizes) {
    return TestChains.build(signer, blockSizes).blocks();
  }

  /**
   * Two blocks by {@code first}, the second announcing {@code second} if {@code announce} (else an ordinary entry),
   * then two blocks by {@code second}.
   */
  public static List<Block> rotatingChain(TestSigner first, TestSigner second, boolean announce) {
    LedgerEntry middle = announce ? TestChains.keyAnnouncement(first, second.publicKey()) : TestChains.entry(1);
    return TestChains.rotating(first, second, middle, 1, 2).blocks();
  }

  /** {@code block} with entry {@code index}'s actor changed and nothing re-signed: an edit in place. */
  public static Block withActor(Block block, int index, String actor) {
    return TestChains.withEntry(block, index, entry -> TestChains.withActor(entry, actor));
  }

  /** The same entries resealed and re-signed with leaf {@code editedLeaf}'s actor changed: a rewritten history. */
  public static List<Block> rewrite(List<Block> blocks, BlockSigner signer, int editedLeaf, String actor) {
    TestChains.Chain original = new TestChains.Chain(blocks, null, null);
    return TestChains.rewrite(original, signer, editedLeaf, entry -> TestChains.withActor(entry, actor)).blocks();
  }
}
