package org.medledger.reportchain.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.medledger.reportchain.crypto.LedgerSignatureVerifier;
import org.medledger.reportchain.ledger.TestChains.Chain;

/**
 * Random single-character changes to a block's JSON (what a subscriber receives from Kafka): parsing and
 * verification either reject it with a {@link LedgerVerificationException} or, for a change that leaves the block
 * the same, accept it. Never another exception, never a changed block accepted. Fixed seed, so failures replay.
 */
class LedgerVerifierFuzzTest {

  private static final String ALPHABET = "0123456789abcdefABCDEF{}[]\":,.-+eZTnul \\";

  @Test
  void verifyBlock_randomlyMutatedJson_rejectedOrUnchanged() {
    TestSigner signer = TestSigner.generate();
    Chain chain = TestChains.build(signer, 3, 5, 2);
    LedgerVerifier verifier = new LedgerVerifier(signer.publicKey());
    TrustedState trusted = chain.stateAt(1);
    Block original = chain.block(2);
    String json = LedgerJson.write(original);
    Random random = new Random(20261102L);
    List<String> escaped = new ArrayList<>();

    for (int i = 0; i < 3000; i++) {
      char[] chars = json.toCharArray();
      int at = random.nextInt(chars.length);
      chars[at] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
      String mutated = new String(chars);
      try {
        Block block = LedgerJson.readBlock(mutated);
        verifier.verifyBlock(trusted, block);
        if (!block.equals(original)) {
          escaped.add("accepted a changed block at " + at + ": " + excerpt(mutated, at));
        }
      } catch (LedgerVerificationException expected) {
        // rejected with a reason
      } catch (RuntimeException e) {
        escaped.add(e.getClass().getSimpleName() + " at " + at + ": " + excerpt(mutated, at));
      }
    }

    assertThat(escaped).isEmpty();
  }

  private static String excerpt(String json, int at) {
    return json.substring(Math.max(0, at - 20), Math.min(json.length(), at + 20));
  }
}
