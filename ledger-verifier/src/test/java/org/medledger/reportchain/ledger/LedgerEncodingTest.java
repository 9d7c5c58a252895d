package org.medledger.reportchain.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.medledger.reportchain.chain.MerkleHasher;
import org.medledger.reportchain.chain.Sha256;

/** The canonical encodings, field by field as {@link LedgerEncoding}'s Javadoc documents them. */
class LedgerEncodingTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final String ID = "0f8fad5b-d9cb-469f-a165-70867728950e";
  private static final String HASH_A = "aa".repeat(32);
  private static final String HASH_B = "bb".repeat(32);
  private static final String HASH_C = "cc".repeat(32);
  private static final String HASH_D = "dd".repeat(32);

  @Test
  void entry_everyField_atItsDocumentedPlace() {
    LedgerEntry entry = LedgerEntry.pending(ID, LedgerEntryKind.ACCESS_GRANTED, "kc-1", "r-9",
        Instant.ofEpochMilli(0x0102030405L), HASH_A, Map.of("z", "last", "a", "first"));

    ByteBuffer bytes = ByteBuffer.wrap(LedgerEncoding.entry(entry));

    assertThat(take(bytes, 4)).isEqualTo("MLLE".getBytes(StandardCharsets.US_ASCII));
    assertThat(bytes.get()).isEqualTo((byte) 1);
    assertThat(bytes.get()).isEqualTo((byte) 3);
    assertThat(HEX.formatHex(take(bytes, 16))).isEqualTo(ID.replace("-", ""));
    assertThat(bytes.getLong()).isEqualTo(0x0102030405L);
    assertThat(HEX.formatHex(take(bytes, 32))).isEqualTo(HASH_A);
    assertThat(string(bytes)).isEqualTo("kc-1");
    assertThat(bytes.get()).isEqualTo((byte) 1);
    assertThat(string(bytes)).isEqualTo("r-9");
    assertThat(bytes.getShort()).isEqualTo((short) 2);
    assertThat(string(bytes)).isEqualTo("a");
    assertThat(string(bytes)).isEqualTo("first");
    assertThat(string(bytes)).isEqualTo("z");
    assertThat(string(bytes)).isEqualTo("last");
    assertThat(bytes.hasRemaining()).isFalse();
    assertThat(LedgerEncoding.leafHash(entry)).isEqualTo(MerkleHasher.hashLeaf(LedgerEncoding.entry(entry)));
  }

  @Test
  void entry_withoutReport_oneZeroByte() {
    LedgerEntry entry = LedgerEntry.pending(ID, LedgerEntryKind.KEY_ROTATED, "kc-1", null, Instant.EPOCH, HASH_A, null);

    byte[] bytes = LedgerEncoding.entry(entry);

    assertThat(bytes).hasSize(4 + 1 + 1 + 16 + 8 + 32 + 2 + 4 + 1 + 2);
    assertThat(bytes[bytes.length - 3]).isZero();
  }

  @Test
  void entry_positionFields_notEncoded() {
    LedgerEntry entry = LedgerEntry.pending(ID, LedgerEntryKind.REPORT_STORED, "kc-1", "r", Instant.EPOCH, HASH_A, null);

    assertThat(LedgerEncoding.entry(entry.atPosition(7, 2))).isEqualTo(LedgerEncoding.entry(entry));
  }

  @Test
  void entry_outOfBounds_malformed() {
    Instant t = Instant.EPOCH;
    assertThatThrownBy(() -> LedgerEncoding.entry(LedgerEntry.pending("not-a-uuid", LedgerEntryKind.REPORT_STORED, "a", null, t, HASH_A, null)))
        .isInstanceOf(MalformedBlockException.class);
    assertThatThrownBy(() -> LedgerEncoding.entry(LedgerEntry.pending(ID.toUpperCase(), LedgerEntryKind.REPORT_STORED, "a", null, t, HASH_A, null)))
        .isInstanceOf(MalformedBlockException.class);
    assertThatThrownBy(() -> LedgerEncoding.entry(LedgerEntry.pending(ID, LedgerEntryKind.REPORT_STORED, "a", null, t, HASH_A.toUpperCase(), null)))
        .isInstanceOf(MalformedBlockException.class);
    assertThatThrownBy(() -> LedgerEncoding.entry(LedgerEntry.pending(ID, LedgerEntryKind.REPORT_STORED, "a", null, t.plusNanos(1), HASH_A, null)))
        .isInstanceOf(MalformedBlockException.class);
    assertThatThrownBy(() -> LedgerEncoding.entry(LedgerEntry.pending(ID, LedgerEntryKind.REPORT_STORED, "x".repeat(257), null, t, HASH_A, null)))
        .isInstanceOf(MalformedBlockException.class);
    assertThatThrownBy(() -> LedgerEncoding.entry(LedgerEntry.pending(ID, LedgerEntryKind.REPORT_STORED, "a", null, t, HASH_A, Map.of("a.b", "v"))))
        .isInstanceOf(MalformedBlockException.class);
    Map<String, String> many = new TreeMap<>();
    for (int i = 0; i < 17; i++) {
      many.put("k" + i, "v");
    }
    assertThatThrownBy(() -> LedgerEncoding.entry(LedgerEntry.pending(ID, LedgerEntryKind.REPORT_STORED, "a", null, t, HASH_A, many)))
        .isInstanceOf(MalformedBlockException.class);
  }

  @Test
  void header_161Bytes_everyFieldAtItsDocumentedOffset() {
    SignedHeader header = new SignedHeader(1, 0x0A0B, HASH_A, 0x11223344, HASH_B, 0x11223344L + 5, HASH_C,
        Instant.ofEpochMilli(0x7766554433L), HASH_D, null, null);

    byte[] bytes = LedgerEncoding.header(header);

    assertThat(bytes).hasSize(LedgerEncoding.HEADER_LENGTH).hasSize(161);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    assertThat(Arrays.copyOfRange(bytes, 0, 4)).isEqualTo("MLBH".getBytes(StandardCharsets.US_ASCII));
    assertThat(bytes[4]).isEqualTo((byte) 1);
    assertThat(in.getLong(5)).isEqualTo(0x0A0B);
    assertThat(HEX.formatHex(bytes, 13, 45)).isEqualTo(HASH_A);
    assertThat(in.getInt(45)).isEqualTo(0x11223344);
    assertThat(HEX.formatHex(bytes, 49, 81)).isEqualTo(HASH_B);
    assertThat(in.getLong(81)).isEqualTo(0x11223344L + 5);
    assertThat(HEX.formatHex(bytes, 89, 121)).isEqualTo(HASH_C);
    assertThat(in.getLong(121)).isEqualTo(0x7766554433L);
    assertThat(HEX.formatHex(bytes, 129, 161)).isEqualTo(HASH_D);
    assertThat(LedgerEncoding.blockHash(header)).isEqualTo(Sha256.digest(bytes));
  }

  @Test
  void header_badValues_malformed() {
    Instant t = Instant.EPOCH;
    assertThatThrownBy(() -> LedgerEncoding.header(new SignedHeader(2, 0, HASH_A, 1, HASH_B, 1, HASH_C, t, HASH_D, null, null)))
        .isInstanceOf(MalformedBlockException.class);
    assertThatThrownBy(() -> LedgerEncoding.header(new SignedHeader(1, 0, HASH_A, 0, HASH_B, 1, HASH_C, t, HASH_D, null, null)))
        .isInstanceOf(MalformedBlockException.class);
    assertThatThrownBy(() -> LedgerEncoding.header(new SignedHeader(1, 0, HASH_A, 2, HASH_B, 1, HASH_C, t, HASH_D, null, null)))
        .isInstanceOf(MalformedBlockException.class);
    assertThatThrownBy(() -> LedgerEncoding.header(new SignedHeader(1, 0, "ab", 1, HASH_B, 1, HASH_C, t, HASH_D, null, null)))
        .isInstanceOf(MalformedBlockException.class);
  }

  @Test
  void kinds_codesAreFixed() {
    assertThat(Arrays.stream(LedgerEntryKind.values()).mapToInt(LedgerEntryKind::code)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
        11);
    assertThat(LedgerEntryKind.ofCode(8)).isEqualTo(LedgerEntryKind.ACCESS_DENIED_ATTEMPT);
  }

  @Test
  void contentHashes_ofFields_orderIndependentAndFieldBound() {
    String hash = ContentHashes.ofFields(Map.of("a", "1", "b", "2"));

    assertThat(hash).isEqualTo(ContentHashes.ofFields(new TreeMap<>(Map.of("b", "2", "a", "1"))));
    assertThat(hash).isNotEqualTo(ContentHashes.ofFields(Map.of("a", "12")));
    assertThat(ContentHashes.ofFields(Map.of("a", "1b"))).isNotEqualTo(ContentHashes.ofFields(Map.of("a", "1", "b", "")));
    assertThat(LedgerEncoding.isHash(hash)).isTrue();
  }

  private static byte[] take(ByteBuffer in, int length) {
    byte[] bytes = new byte[length];
    in.get(bytes);
    return bytes;
  }

  private static String string(ByteBuffer in) {
    return new String(take(in, Short.toUnsignedInt(in.getShort())), StandardCharsets.UTF_8);
  }
}
