package org.medledger.reportchain.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link ChunkSealer} and {@link ChunkOpener}: round trips, the documented format, and every tampering. */
class ChunkSealingTest {

  private static final int CHUNK = 1024;

  private final UUID reportId = UUID.randomUUID();
  private final DataKey key = DataKey.generate();
  private final List<byte[]> plaintexts = chunks(4, CHUNK);
  private final List<byte[]> sealed = sealAll(key, reportId, plaintexts);
  private final ChunkOpener opener = ChunkOpener.forReport(key, reportId, CHUNK);

  @Test
  void open_everyChunkAtItsIndex_returnsOriginalBytes() {
    for (int i = 0; i < sealed.size(); i++) {
      assertThat(opener.open(i, isLast(i), sealed.get(i))).isEqualTo(plaintexts.get(i));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 15, 16, 17, 1 << 20})
  void openInPlace_anyLength_leavesThePlaintextAtTheStartOfTheSealedArray(int length) {
    DataKey fresh = DataKey.generate();
    byte[] plaintext = randomBytes(length, length + 1);
    byte[] chunk = ChunkSealer.forNewReport(fresh, reportId).seal(0, true, plaintext);

    int opened = ChunkOpener.forReport(fresh, reportId).openInPlace(0, true, chunk);

    assertThat(opened).isEqualTo(length);
    assertThat(Arrays.copyOf(chunk, opened)).isEqualTo(plaintext);
  }

  @Test
  void openInPlace_tamperedChunk_throwsAndLeavesNoPlaintextInTheArray() {
    byte[] chunk = sealed.get(1).clone();
    chunk[CHUNK / 2] ^= 1;

    assertThatThrownBy(() -> opener.openInPlace(1, false, chunk)).isInstanceOf(ChunkIntegrityException.class);
    assertThat(Arrays.copyOf(chunk, CHUNK)).containsOnly(0);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 15, 16, 17, 1 << 20})
  void sealThenOpen_anyLengthIncludingEmpty_roundTrips(int length) {
    DataKey fresh = DataKey.generate();
    byte[] plaintext = randomBytes(length, length);
    byte[] chunk = ChunkSealer.forNewReport(fresh, reportId).seal(0, true, plaintext);

    assertThat(chunk).hasSize(ChunkFormat.sealedLength(length));
    assertThat(ChunkOpener.forReport(fresh, reportId).open(0, true, chunk)).isEqualTo(plaintext);
  }

  @Test
  void sealThenOpen_directBuffers_roundTripWithoutTouchingInputPositionBeyondRemaining() {
    DataKey fresh = DataKey.generate();
    byte[] plaintext = randomBytes(CHUNK, 7);
    ByteBuffer in = ByteBuffer.allocateDirect(CHUNK).put(plaintext).flip();
    ByteBuffer out = ByteBuffer.allocateDirect(CHUNK + ChunkFormat.TAG_LENGTH);

    int written = ChunkSealer.forNewReport(fresh, reportId).seal(0, true, in, out);
    out.flip();
    ByteBuffer opened = ByteBuffer.allocateDirect(CHUNK);
    int read = ChunkOpener.forReport(fresh, reportId).open(0, true, out, opened);

    assertThat(written).isEqualTo(CHUNK + ChunkFormat.TAG_LENGTH);
    assertThat(read).isEqualTo(CHUNK);
    byte[] result = new byte[CHUNK];
    opened.flip().get(result);
    assertThat(result).isEqualTo(plaintext);
  }

  @Test
  void sealedChunk_independentJdkComputation_matchesDocumentedFormat() throws Exception {
    DataKey fresh = DataKey.generate();
    byte[] plaintext = "format check".getBytes(StandardCharsets.US_ASCII);
    ChunkSealer sealer = ChunkSealer.forNewReport(fresh, reportId);
    sealer.seal(0, false, new byte[0]);
    byte[] chunk = sealer.seal(1, true, plaintext);

    ByteBuffer nonce = ByteBuffer.allocate(12).putInt(0).putLong(1);
    ByteBuffer ad = ByteBuffer.allocate(26).put((byte) 1)
        .putLong(reportId.getMostSignificantBits()).putLong(reportId.getLeastSignificantBits())
        .putLong(1).put((byte) 1);
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(fresh.rawBytesDangerously(), "AES"),
        new GCMParameterSpec(128, nonce.array()));
    cipher.updateAAD(ad.array());

    assertThat(chunk).isEqualTo(cipher.doFinal(plaintext));
  }

  @Test
  void associatedData_layout_isVersionReportIdIndexFinalFlag() {
    UUID id = UUID.fromString("00112233-4455-6677-8899-aabbccddeeff");
    assertThat(HexFormat.of().formatHex(ChunkFormat.associatedData(id, 0x0102, true)))
        .isEqualTo("01" + "00112233445566778899aabbccddeeff" + "0000000000000102" + "01");
    assertThat(HexFormat.of().formatHex(ChunkFormat.nonce(0x0102))).isEqualTo("00000000" + "0000000000000102");
  }

  @Test
  void open_anySingleBitFlipped_throwsChunkIntegrityException() {
    DataKey freshKey = DataKey.generate();
    ChunkSealer sealer = ChunkSealer.forNewReport(freshKey, reportId);
    byte[] good = sealer.seal(0, true, randomBytes(64, 3));
    ChunkOpener goodOpener = ChunkOpener.forReport(freshKey, reportId);
    List<Integer> accepted = new ArrayList<>();
    for (int bit = 0; bit < good.length * 8; bit++) {
      byte[] corrupted = good.clone();
      corrupted[bit / 8] ^= (byte) (1 << (bit % 8));
      try {
        goodOpener.open(0, true, corrupted);
        accepted.add(bit);
      } catch (ChunkIntegrityException expected) {
        // rejected
      }
    }
    assertThat(accepted).as("bits whose flip went unnoticed").isEmpty();
  }

  @Test
  void open_chunkPresentedAtAnotherIndex_throwsChunkIntegrityException() {
    assertThatThrownBy(() -> opener.open(2, false, sealed.get(1)))
        .isInstanceOf(ChunkIntegrityException.class)
        .satisfies(e -> {
          ChunkIntegrityException failure = (ChunkIntegrityException) e;
          assertThat(failure.reportId()).isEqualTo(reportId);
          assertThat(failure.index()).isEqualTo(2);
        });
  }

  @Test
  void open_twoChunksSwapped_bothFail() {
    assertThatThrownBy(() -> opener.open(1, false, sealed.get(2))).isInstanceOf(ChunkIntegrityException.class);
    assertThatThrownBy(() -> opener.open(2, false, sealed.get(1))).isInstanceOf(ChunkIntegrityException.class);
  }

  @Test
  void open_chunkOfAnotherReportUnderItsOwnKey_throwsChunkIntegrityException() {
    UUID otherReport = UUID.randomUUID();
    List<byte[]> otherChunks = sealAll(DataKey.generate(), otherReport, plaintexts);

    assertThatThrownBy(() -> opener.open(1, false, otherChunks.get(1)))
        .isInstanceOf(ChunkIntegrityException.class);
  }

  @Test
  void open_sameKeyButOtherReportId_throwsChunkIntegrityException() {
    ChunkOpener otherReportOpener = ChunkOpener.forReport(key, UUID.randomUUID());

    assertThatThrownBy(() -> otherReportOpener.open(0, false, sealed.get(0)))
        .isInstanceOf(ChunkIntegrityException.class);
  }

  @Test
  void open_nonFinalChunkPresentedAsFinal_throwsChunkIntegrityException() {
    // The report was truncated to its first two chunks: the manifest now says chunk 1 is the last one.
    assertThatThrownBy(() -> opener.open(1, true, sealed.get(1)))
        .isInstanceOf(ChunkIntegrityException.class);
  }

  @Test
  void open_finalChunkPresentedAsNonFinal_throwsChunkIntegrityException() {
    int last = sealed.size() - 1;
    assertThatThrownBy(() -> opener.open(last, false, sealed.get(last)))
        .isInstanceOf(ChunkIntegrityException.class);
  }

  @Test
  void open_wrongKey_throwsChunkIntegrityException() {
    ChunkOpener wrongKey = ChunkOpener.forReport(DataKey.generate(), reportId);

    assertThatThrownBy(() -> wrongKey.open(0, false, sealed.get(0)))
        .isInstanceOf(ChunkIntegrityException.class);
  }

  @Test
  void open_truncatedOrOversizedInput_throwsBeforeDecrypting() {
    assertThatThrownBy(() -> opener.open(0, false, new byte[ChunkFormat.TAG_LENGTH - 1]))
        .isInstanceOf(ChunkIntegrityException.class).hasMessageContaining("shorter than the tag");
    assertThatThrownBy(() -> opener.open(0, false, new byte[CHUNK + ChunkFormat.TAG_LENGTH + 1]))
        .isInstanceOf(ChunkIntegrityException.class).hasMessageContaining("exceeds the chunk size");
  }

  @Test
  void open_tamperedChunk_leavesNoPlaintextInOutputBuffer() {
    byte[] corrupted = sealed.get(0).clone();
    corrupted[corrupted.length - 1] ^= 1;
    ByteBuffer out = ByteBuffer.allocate(CHUNK);
    Arrays.fill(out.array(), (byte) 0x55);

    assertThatThrownBy(() -> opener.open(0, false, ByteBuffer.wrap(corrupted), out))
        .isInstanceOf(ChunkIntegrityException.class);
    assertThat(out.position()).isZero();
    assertThat(out.array()).containsOnly((byte) 0);
  }

  @Test
  void integrityException_message_carriesNoKeyOrPlaintext() {
    String secretText = "PATIENT-NAME-Jane-Doe";
    DataKey fresh = DataKey.generate();
    byte[] chunk = ChunkSealer.forNewReport(fresh, reportId)
        .seal(0, true, secretText.getBytes(StandardCharsets.UTF_8));
    String keyHex = HexFormat.of().formatHex(fresh.rawBytesDangerously());

    assertThatThrownBy(() -> ChunkOpener.forReport(fresh, reportId).open(0, false, chunk))
        .isInstanceOf(ChunkIntegrityException.class)
        .hasMessageContaining(reportId.toString())
        .hasMessageNotContaining(secretText)
        .hasMessageNotContaining(keyHex);
  }

  @Test
  void seal_indexOutOfOrder_throwsIllegalStateAndEncryptsNothing() {
    ChunkSealer sealer = ChunkSealer.forNewReport(DataKey.generate(), reportId);
    sealer.seal(0, false, new byte[1]);

    assertThatThrownBy(() -> sealer.seal(0, false, new byte[1])).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> sealer.seal(2, false, new byte[1])).isInstanceOf(IllegalStateException.class);
    assertThat(sealer.nextIndex()).isEqualTo(1);
  }

  @Test
  void seal_afterFinalChunk_throwsIllegalState() {
    ChunkSealer sealer = ChunkSealer.forNewReport(DataKey.generate(), reportId);
    sealer.seal(0, true, new byte[1]);

    assertThat(sealer.isFinished()).isTrue();
    assertThatThrownBy(() -> sealer.seal(1, true, new byte[1])).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void forNewReport_keyAlreadyUsedForAnotherReport_throwsIllegalState() {
    DataKey fresh = DataKey.generate();
    ChunkSealer.forNewReport(fresh, reportId);

    assertThatThrownBy(() -> ChunkSealer.forNewReport(fresh, UUID.randomUUID()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("already sealed");
  }

  @Test
  void forNewReport_importedKey_throwsIllegalState() {
    DataKey imported = DataKey.fromRawBytesDangerously(new byte[DataKey.LENGTH]);

    assertThatThrownBy(() -> ChunkSealer.forNewReport(imported, reportId))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot seal");
  }

  @Test
  void open_concurrentlyFromManyThreads_allRoundTrip() {
    List<Integer> indexes = new ArrayList<>();
    for (int round = 0; round < 200; round++) {
      indexes.add(round % sealed.size());
    }
    indexes.parallelStream().forEach(i ->
        assertThat(opener.open(i, isLast(i), sealed.get(i))).isEqualTo(plaintexts.get(i)));
  }

  @Test
  void openerAndSealer_destroyedKey_throwIllegalState() {
    DataKey fresh = DataKey.generate();
    ChunkSealer sealer = ChunkSealer.forNewReport(fresh, reportId);
    fresh.destroy();

    assertThatThrownBy(() -> sealer.seal(0, true, new byte[1])).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> ChunkOpener.forReport(fresh, reportId)).isInstanceOf(IllegalStateException.class);
  }

  private boolean isLast(int index) {
    return index == sealed.size() - 1;
  }

  private static List<byte[]> sealAll(DataKey key, UUID reportId, List<byte[]> plaintexts) {
    ChunkSealer sealer = ChunkSealer.forNewReport(key, reportId);
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < plaintexts.size(); i++) {
      out.add(sealer.seal(i, i == plaintexts.size() - 1, plaintexts.get(i)));
    }
    return out;
  }

  private static List<byte[]> chunks(int count, int size) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(randomBytes(i == count - 1 ? size / 2 : size, i));
    }
    return out;
  }

  private static byte[] randomBytes(int length, long seed) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
