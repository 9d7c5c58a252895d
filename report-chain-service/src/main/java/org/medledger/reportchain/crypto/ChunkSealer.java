package org.medledger.reportchain.crypto;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.UUID;
import javax.crypto.SecretKey;

/**
 * Seals the chunks of one new report with AES-256-GCM under its data key, in the format of
 * {@link ChunkFormat}.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>Confidentiality and integrity of each chunk; the tag binds the report id, the chunk index and the
 *       final-chunk flag, so {@link ChunkOpener} detects reordering, cross-report splicing and truncation.</li>
 *   <li>No (key, nonce) reuse: {@link #forNewReport} claims a freshly generated {@link DataKey} (a key seals
 *       one report only), and {@link #seal} accepts indexes 0, 1, 2, … strictly in order, and nothing after
 *       the chunk sealed as final. A violation is an {@link IllegalStateException}, never a second
 *       encryption.</li>
 * </ul>
 *
 * <p>Restrictions: chunks are sealed in order, one at a time (calls are serialised; one JDK {@link
 * javax.crypto.Cipher} is reused for the whole report). A chunk whose upload fails must be retried with the
 * sealed bytes, not sealed again. The final chunk may be empty, so a stream that only learns at its end that
 * the previous chunk was the last can close with an empty final chunk.
 */
public final class ChunkSealer {

  private final UUID reportId;
  private final DataKey dataKey;
  private final SecretKey key;
  private final AesGcm aesGcm = new AesGcm();
  private long nextIndex;
  private boolean finished;

  private ChunkSealer(DataKey dataKey, UUID reportId) {
    this.dataKey = dataKey;
    this.reportId = reportId;
    this.key = dataKey.secretKey();
  }

  /**
   * A sealer for a new report.
   *
   * @param dataKey a key from {@link DataKey#generate()} not used to seal before
   * @throws IllegalStateException if the key was imported/unwrapped, already sealed a report, or destroyed
   */
  public static ChunkSealer forNewReport(DataKey dataKey, UUID reportId) {
    Objects.requireNonNull(dataKey, "dataKey");
    Objects.requireNonNull(reportId, "reportId");
    dataKey.claimForSealing();
    return new ChunkSealer(dataKey, reportId);
  }

  public UUID reportId() {
    return reportId;
  }

  /** The index the next {@link #seal} call must use. */
  public synchronized long nextIndex() {
    return nextIndex;
  }

  /** Whether the final chunk has been sealed. */
  public synchronized boolean isFinished() {
    return finished;
  }

  /**
   * Seals all remaining bytes of {@code plaintext} into {@code out}.
   *
   * @param index must equal {@link #nextIndex()}
   * @param isFinal whether this is the report's last chunk
   * @param out needs {@code plaintext.remaining() + 16} bytes remaining
   * @return the number of bytes written ({@link ChunkFormat#sealedLength})
   */
  public synchronized int seal(long index, boolean isFinal, ByteBuffer plaintext, ByteBuffer out) {
    int sealedLength = ChunkFormat.sealedLength(plaintext.remaining());
    if (out.remaining() < sealedLength) {
      throw new IllegalArgumentException(
          "output buffer has " + out.remaining() + " bytes left, needs " + sealedLength);
    }
    checkNextIndex(index);
    // The index is consumed before encrypting: if encryption fails, this nonce is never offered again.
    nextIndex = index + 1;
    finished = isFinal;
    return aesGcm.encrypt(key, ChunkFormat.nonce(index),
        ChunkFormat.associatedData(reportId, index, isFinal), plaintext, out);
  }

  /** Seals all remaining bytes of {@code plaintext} into a new array (ciphertext || tag). */
  public byte[] seal(long index, boolean isFinal, ByteBuffer plaintext) {
    byte[] out = new byte[ChunkFormat.sealedLength(plaintext.remaining())];
    seal(index, isFinal, plaintext, ByteBuffer.wrap(out));
    return out;
  }

  /** Seals {@code plaintext} into a new array (ciphertext || tag). */
  public byte[] seal(long index, boolean isFinal, byte[] plaintext) {
    return seal(index, isFinal, ByteBuffer.wrap(plaintext));
  }

  private void checkNextIndex(long index) {
    ChunkFormat.checkIndex(index);
    dataKey.checkNotDestroyed();
    if (finished) {
      throw new IllegalStateException(
          "report " + reportId + " is complete; no chunk may be sealed after the final one");
    }
    if (index != nextIndex) {
      throw new IllegalStateException(
          "chunk " + index + " of report " + reportId + " out of order: expected index " + nextIndex);
    }
  }

  @Override
  public String toString() {
    return "ChunkSealer[report=" + reportId + "]";
  }
}
