package org.medledger.reportchain.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** {@link WrappedKey} wire format and bounds. */
class WrappedKeyTest {

  private final WrappedKey key = new WrappedKey("local:v3", new byte[] {9, 8, 7});

  @Test
  void toBytes_layout_isVersionLengthPrefixedFields() {
    assertThat(HexFormat.of().formatHex(key.toBytes()))
        .isEqualTo("01" + "0008" + "6c6f63616c3a7633" + "0003" + "090807");
  }

  @Test
  void fromBytes_ofToBytes_roundTrips() {
    assertThat(WrappedKey.fromBytes(key.toBytes())).isEqualTo(key);
    assertThat(WrappedKey.fromBase64(key.toBase64())).isEqualTo(key);
  }

  @Test
  void fromBytes_everyTruncation_throwsIllegalArgument() {
    byte[] encoded = key.toBytes();
    for (int length = 0; length < encoded.length; length++) {
      byte[] truncated = Arrays.copyOf(encoded, length);
      assertThatThrownBy(() -> WrappedKey.fromBytes(truncated)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void fromBytes_trailingByteOrUnknownVersionOrHugeLength_throwsIllegalArgument() {
    byte[] encoded = key.toBytes();
    byte[] trailing = Arrays.copyOf(encoded, encoded.length + 1);
    byte[] version2 = encoded.clone();
    version2[0] = 2;
    byte[] hugeVersionLength = encoded.clone();
    hugeVersionLength[1] = (byte) 0xff;

    assertThatThrownBy(() -> WrappedKey.fromBytes(trailing)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WrappedKey.fromBytes(version2)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WrappedKey.fromBytes(hugeVersionLength)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void constructor_emptyOrOversizedOrNonPrintable_throwsIllegalArgument() {
    assertThatThrownBy(() -> new WrappedKey("", new byte[1])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new WrappedKey("v 1", new byte[1])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new WrappedKey("v1", new byte[0])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new WrappedKey("v1", new byte[WrappedKey.MAX_CIPHERTEXT_LENGTH + 1]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void ciphertext_mutatingReturnedArray_doesNotChangeKey() {
    key.ciphertext()[0] = 0;
    assertThat(key.ciphertext()[0]).isEqualTo((byte) 9);
  }
}
