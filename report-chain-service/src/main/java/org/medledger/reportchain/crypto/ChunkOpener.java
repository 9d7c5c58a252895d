package org.medledger.reportchain.crypto;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.crypto.AEADBadTagException;
import javax.crypto.SecretKey;

/**
 * Opens (authenticates and decrypts) chunks sealed by {@link ChunkSealer}, in the format of
 * {@link ChunkFormat}.
 *
 * <p>Guarantees: {@link #open} returns plaintext only for a chunk sealed under this key, for this report,
 * at this index, with this final flag; anything else (a flipped bit, a chunk moved or copied from another
 * report, a non-final chunk presented as final, a wrong key, a length outside bounds) throws
 * {@link ChunkIntegrityException} and leaves no plaintext behind in the output buffer.
 *
 * <p>The caller decides {@code isFinal} from the manifest's chunk count, never from the data: that is what
 * makes truncation detectable. Lengths are checked against {@code maxPlaintextLength} before anything is
 * allocated.
 *
 * <p>Thread-safe: chunks may be opened concurrently; JDK ciphers are pooled per opener and reused.
 */
public final class ChunkOpener {

  private final UUID reportId;
  private final DataKey dataKey;
  private final SecretKey key;
  private final int maxPlaintextLength;
  private final ConcurrentLinkedQueue<AesGcm> pool = new ConcurrentLinkedQueue<>();

  private ChunkOpener(DataKey dataKey, UUID reportId, int maxPlaintextLength) {
    this.dataKey = dataKey;
    this.reportId = reportId;
    this.key = dataKey.secretKey();
    this.maxPlaintextLength = maxPlaintextLength;
  }

  /** An opener accepting chunks up to {@link ChunkFormat#MAX_PLAINTEXT_LENGTH}. */
  public static ChunkOpener forReport(DataKey dataKey, UUID reportId) {
    return forReport(dataKey, reportId, ChunkFormat.MAX_PLAINTEXT_LENGTH);
  }

  /**
   * An opener that rejects sealed chunks longer than {@code maxPlaintextLength + 16} bytes; pass the
   * report's chunk size from the manifest.
   */
  public static ChunkOpener forReport(DataKey dataKey, UUID reportId, int maxPlaintextLength) {
    Objects.requireNonNull(dataKey, "dataKey");
    Objects.requireNonNull(reportId, "reportId");
    ChunkFormat.sealedLength(maxPlaintextLength);
    return new ChunkOpener(dataKey, reportId, maxPlaintextLength);
  }

  public UUID reportId() {
    return reportId;
  }

  /**
   * Opens all remaining bytes of {@code sealed} into {@code out}.
   *
   * @param out needs {@code sealed.remaining() - 16} bytes remaining
   * @return the number of plaintext bytes written
   * @throws ChunkIntegrityException if the chunk is not authentic for (report, index, isFinal)
   */
  public int open(long index, boolean isFinal, ByteBuffer sealed, ByteBuffer out) {
    checkLength(index, sealed.remaining());
    AesGcm aesGcm = borrow();
    try {
      return aesGcm.decrypt(key, ChunkFormat.nonce(index),
          ChunkFormat.associatedData(reportId, index, isFinal), sealed, out);
    } catch (AEADBadTagException e) {
      throw new ChunkIntegrityException(reportId, index,
          "authentication failed (modified, moved, from another report, truncated, or wrong key)", e);
    } finally {
      pool.offer(aesGcm);
    }
  }

  /** Opens all remaining bytes of {@code sealed} into a new array. */
  public byte[] open(long index, boolean isFinal, ByteBuffer sealed) {
    checkLength(index, sealed.remaining());
    byte[] out = new byte[sealed.remaining() - ChunkFormat.TAG_LENGTH];
    open(index, isFinal, sealed, ByteBuffer.wrap(out));
    return out;
  }

  /**
   * Opens {@code sealed} (ciphertext || tag) where it lies: on return its first {@code sealed.length - 16} bytes
   * hold the plaintext. Spares the download path a chunk-sized array per chunk. On a failure the array holds no
   * plaintext (the ciphertext's place is zeroed).
   *
   * @return the number of plaintext bytes, from index 0
   * @throws ChunkIntegrityException if the chunk is not authentic for (report, index, isFinal)
   */
  public int openInPlace(long index, boolean isFinal, byte[] sealed) {
    // two buffers over one array at the same offset: the JDK's GCM then decrypts in place (after the tag verifies)
    return open(index, isFinal, ByteBuffer.wrap(sealed), ByteBuffer.wrap(sealed));
  }

  /** Opens {@code sealed} (ciphertext || tag) into a new array. */
  public byte[] open(long index, boolean isFinal, byte[] sealed) {
    return open(index, isFinal, ByteBuffer.wrap(sealed));
  }

  private void checkLength(long index, int sealedLength) {
    ChunkFormat.checkIndex(index);
    dataKey.checkNotDestroyed();
    if (sealedLength < ChunkFormat.TAG_LENGTH) {
      throw new ChunkIntegrityException(reportId, index,
          "sealed chunk of " + sealedLength + " bytes is shorter than the tag", null);
    }
    if (sealedLength - ChunkFormat.TAG_LENGTH > maxPlaintextLength) {
      throw new ChunkIntegrityException(reportId, index,
          "sealed chunk of " + sealedLength + " bytes exceeds the chunk size " + maxPlaintextLength, null);
    }
  }

  private AesGcm borrow() {
    AesGcm aesGcm = pool.poll();
    return aesGcm != null ? aesGcm : new AesGcm();
  }

  @Override
  public String toString() {
    return "ChunkOpener[report=" + reportId + "]";
  }
}
