package org.medledger.reportchain.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.medledger.reportchain.ledger.TestChains.Chain;

/**
 * Ledger key rotation as a verifier sees it: a {@code LEDGER_KEY_ROTATED} entry in a block signed by the old key
 * names the new key, which signs every later block. Each forged variant must fail.
 */
class LedgerKeyTransitionTest {

  private static final TestSigner OLD = TestSigner.generate();
  private static final TestSigner NEW = TestSigner.generate();
  private static final TestSigner INTRUDER = TestSigner.generate();

  /** Blocks 0-1 by OLD, block 2 (the announcement) by OLD, blocks 3-4 by NEW. */
  private final Chain rotated = TestChains.rotating(OLD, NEW, TestChains.keyAnnouncement(OLD, NEW.publicKey()), 2, 2);

  @Test
  void verifyBlocks_announcedKey_trustedFromTheNextBlockWithOnlyTheOldKeyGiven() {
    TrustedState state = new LedgerVerifier(OLD.publicKey()).verifyBlocks(TrustedState.genesis(), rotated.blocks());

    assertThat(state).isEqualTo(rotated.stateAt(4));
    assertThat(rotated.block(2).header().keyId()).isEqualTo(OLD.keyId());
    assertThat(rotated.block(3).header().keyId()).isEqualTo(NEW.keyId());
  }

  @Test
  void verifyBlocks_bothKeysGiven_sameResult() {
    LedgerVerifier verifier = new LedgerVerifier(List.of(OLD.publicKey(), NEW.publicKey()));

    assertThat(verifier.verifyBlocks(TrustedState.genesis(), rotated.blocks())).isEqualTo(rotated.stateAt(4));
  }

  @Test
  void verifyBlocks_keyChangeWithoutAnnouncement_badSignatureEvenIfTheNewKeyIsTrusted() {
    Chain unannounced = TestChains.rotating(OLD, NEW, TestChains.entry(1), 2, 2);
    LedgerVerifier verifier = new LedgerVerifier(List.of(OLD.publicKey(), NEW.publicKey()));

    assertThatThrownBy(() -> verifier.verifyBlocks(TrustedState.genesis(), unannounced.blocks()))
        .isInstanceOfSatisfying(BadSignatureException.class, e -> {
          assertThat(e.height()).isEqualTo(3);
          assertThat(e.expected()).isEqualTo(OLD.keyId());
          assertThat(e.found()).isEqualTo(NEW.keyId());
        });
  }

  @Test
  void verifyBlocks_oldKeySigningAfterTheAnnouncement_badSignature() {
    Chain stale = TestChains.rotating(OLD, OLD, TestChains.keyAnnouncement(OLD, NEW.publicKey()), 2, 2);

    assertThatThrownBy(() -> new LedgerVerifier(OLD.publicKey()).verifyBlocks(TrustedState.genesis(), stale.blocks()))
        .isInstanceOfSatisfying(BadSignatureException.class, e -> {
          assertThat(e.height()).isEqualTo(3);
          assertThat(e.expected()).isEqualTo(NEW.keyId());
        });
  }

  @Test
  void verifyBlocks_announcementSignedByAnUntrustedKey_badSignature() {
    Chain forged = TestChains.rotating(INTRUDER, INTRUDER, TestChains.keyAnnouncement(INTRUDER, NEW.publicKey()), 0, 1);

    assertThatThrownBy(() -> new LedgerVerifier(OLD.publicKey()).verifyBlocks(TrustedState.genesis(), forged.blocks()))
        .isInstanceOfSatisfying(BadSignatureException.class, e -> assertThat(e.height()).isZero());
  }

  @Test
  void verifyBlocks_announcedKeySwappedAfterSigning_editedEntry() {
    Block swapped = TestChains.withEntry(rotated.block(2), 0, entry -> withAttributes(entry, attributes -> {
      LedgerKeyTransition intruder = LedgerKeyTransition.to(OLD.keyId(), INTRUDER.publicKey());
      attributes.putAll(intruder.attributes());
      return attributes;
    }));

    assertThatThrownBy(() -> verifyWithBlock(2, swapped)).isInstanceOf(EditedEntryException.class);
  }

  @Test
  void announcement_forgedAttributes_eachRejectedBeforeAnyKeyIsLearned() {
    List<UnaryOperator<Map<String, String>>> forgeries = List.of(
        a -> put(a, LedgerKeyTransition.PREVIOUS_KEY_ID, INTRUDER.keyId()),
        a -> put(a, LedgerKeyTransition.KEY_ID, INTRUDER.keyId()),
        a -> put(a, LedgerKeyTransition.PUBLIC_KEY, "bm90IGEga2V5"),
        a -> put(a, LedgerKeyTransition.PUBLIC_KEY, "%%%"),
        a -> {
          a.remove(LedgerKeyTransition.PUBLIC_KEY);
          return a;
        });
    for (UnaryOperator<Map<String, String>> forgery : forgeries) {
      // Signed as is by the old key: only the announcement's own consistency can reject it.
      LedgerEntry forged = withAttributes(TestChains.keyAnnouncement(OLD, NEW.publicKey()), forgery);
      Chain chain = TestChains.rotating(OLD, NEW, forged, 1, 1);
      LedgerVerifier verifier = new LedgerVerifier(OLD.publicKey());

      assertThatThrownBy(() -> verifier.verifyBlocks(TrustedState.genesis(), chain.blocks()))
          .isInstanceOfAny(MalformedBlockException.class, EditedEntryException.class)
          .satisfies(e -> assertThat(((LedgerVerificationException) e).height()).isEqualTo(1));
    }
  }

  @Test
  void announcement_twoInOneBlock_malformed() {
    LedgerEntry first = TestChains.keyAnnouncement(OLD, NEW.publicKey());
    LedgerEntry second = TestChains.keyAnnouncement(OLD, INTRUDER.publicKey());
    Block block = BlockAssembler.assemble(BlockAssembler.Tip.genesis(), List.of(first, second), TestChains.T0, OLD)
        .block();

    assertThatThrownBy(() -> new LedgerVerifier(OLD.publicKey()).verifyBlock(TrustedState.genesis(), block))
        .isInstanceOf(MalformedBlockException.class)
        .hasMessageContaining("at most 1");
  }

  @Test
  void keyNamedBy_receiptHeadsBeforeAndAfterRotation_eachFindsItsKey() {
    List<java.security.PublicKey> published = List.of(OLD.publicKey(), NEW.publicKey());

    assertThat(LedgerVerifier.keyNamedBy(rotated.block(1).header(), published)).isEqualTo(OLD.publicKey());
    assertThat(LedgerVerifier.keyNamedBy(rotated.block(4).header(), published)).isEqualTo(NEW.publicKey());
    assertThatThrownBy(() -> LedgerVerifier.keyNamedBy(rotated.block(4).header(), List.of(OLD.publicKey())))
        .isInstanceOf(BadSignatureException.class);
  }

  private void verifyWithBlock(int height, Block replacement) {
    List<Block> blocks = new ArrayList<>(rotated.blocks());
    blocks.set(height, replacement);
    new LedgerVerifier(OLD.publicKey()).verifyBlocks(TrustedState.genesis(), blocks);
  }

  private static LedgerEntry withAttributes(LedgerEntry entry, UnaryOperator<Map<String, String>> edit) {
    return new LedgerEntry(entry.id(), entry.kind(), entry.actor(), entry.reportId(), entry.time(),
        entry.contentHash(), new TreeMap<>(edit.apply(new TreeMap<>(entry.attributes()))), entry.leafIndex(),
        entry.blockHeight());
  }

  private static Map<String, String> put(Map<String, String> attributes, String key, String value) {
    attributes.put(key, value);
    return attributes;
  }
}
