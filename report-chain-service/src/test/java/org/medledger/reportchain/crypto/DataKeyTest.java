package org.medledger.reportchain.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** {@link DataKey}: randomness, redaction, destruction. */
class DataKeyTest {

  @Test
  void generate_twice_gives32DistinctBytes() {
    byte[] a = DataKey.generate().rawBytesDangerously();
    byte[] b = DataKey.generate().rawBytesDangerously();

    assertThat(a).hasSize(32).isNotEqualTo(b);
  }

  @Test
  void toString_neverShowsKeyBytes() {
    DataKey key = DataKey.generate();
    assertThat(key.toString())
        .doesNotContain(HexFormat.of().formatHex(key.rawBytesDangerously()))
        .contains("redacted");
  }

  @Test
  void destroy_zeroesAndBlocksFurtherUse() {
    DataKey key = DataKey.generate();
    key.destroy();

    assertThat(key.isDestroyed()).isTrue();
    assertThatThrownBy(key::rawBytesDangerously).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void fromRawBytesDangerously_wrongLength_throwsIllegalArgument() {
    assertThatThrownBy(() -> DataKey.fromRawBytesDangerously(new byte[16]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fromRawBytesDangerously_copiesInputAndCannotSeal() {
    byte[] raw = new byte[32];
    DataKey key = DataKey.fromRawBytesDangerously(raw);
    raw[0] = 1;

    assertThat(key.rawBytesDangerously()[0]).isZero();
    assertThat(key.isSealable()).isFalse();
  }
}
