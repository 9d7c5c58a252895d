package org.medledger.reportchain.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.medledger.reportchain.crypto.LedgerSignatureVerifier;
import org.medledger.reportchain.ledger.TestChains.Chain;

/** The JSON form: deterministic, round-trips, tolerant of new fields, strict about garbage. */
class LedgerJsonTest {

  private final Chain chain = TestChains.build(TestSigner.generate(), 2, 3);

  @Test
  void write_block_sortedKeysNoWhitespaceIsoTimes() {
    String json = LedgerJson.write(chain.block(1));

    assertThat(json).startsWith("{\"entries\":[{\"actor\":");
    assertThat(json).contains("\"header\":{\"blockHash\":").contains("\"treeRangeBefore\":[\"");
    assertThat(json).doesNotContain(" ").doesNotContain("\n").contains("\"sealedAt\":\"2026-11-02T09:02:00Z\"");
    assertThat(json).doesNotContain("\"sealed\"");
  }

  @Test
  void read_writtenBlock_equalAndRewritesIdentically() {
    String json = LedgerJson.write(chain.block(1));

    Block read = LedgerJson.readBlock(json);

    assertThat(read).isEqualTo(chain.block(1));
    assertThat(LedgerJson.write(read)).isEqualTo(json);
  }

  @Test
  void read_unknownField_ignored() {
    String json = LedgerJson.write(chain.block(0)).replaceFirst("\\{", "{\"futureField\":42,");

    assertThat(LedgerJson.readBlock(json)).isEqualTo(chain.block(0));
  }

  @Test
  void read_garbage_malformedWithoutQuotingIt() {
    assertThatThrownBy(() -> LedgerJson.readBlock("{\"header\": secret-stuff"))
        .isInstanceOf(MalformedBlockException.class)
        .hasMessageNotContaining("secret-stuff");
    assertThatThrownBy(() -> LedgerJson.readBlock("null")).isInstanceOf(MalformedBlockException.class);
  }
}
