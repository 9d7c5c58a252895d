package org.medledger.reportchain.crypto;

import java.nio.ByteBuffer;
import java.util.UUID;

/**
 * The byte-level format of a sealed chunk, version 1. All integers are big-endian.
 *
 * <pre>
 * sealed chunk   = ciphertext (exactly as long as the plaintext) || tag (16 bytes)
 *                  AES-256-GCM under the report's data key, 128-bit tag; the nonce is not stored.
 * nonce (12)     = 0x00000000 (4) || chunk index (8, unsigned)
 * associated data (26 bytes)
 *                = format version (1) = 0x01
 *                  || report id (16) = UUID most significant 64 bits || least significant 64 bits
 *                  || chunk index (8)
 *                  || final flag (1) = 0x01 for the last chunk of the report, else 0x00
 * </pre>
 *
 * <p><b>Why a counter nonce is safe.</b> Every report gets a fresh random 256-bit data key
 * ({@link DataKey#generate()}), and within a report each chunk index is sealed exactly once
 * ({@link ChunkSealer} enforces 0, 1, 2, … and nothing after the final chunk; a generated key seals one report
 * only). So under one key each nonce value is used at most once, which is all GCM requires; the random
 * prefix of a shared-key design (Tink's {@code AesGcmHkdfStreaming}, which derives a per-stream key and uses
 * prefix || segment counter || last-segment flag) is not needed because the key itself is per stream.
 *
 * <p><b>What the associated data buys.</b> The tag covers the report id, the index and the final flag, so a
 * chunk moved to another position, copied from another report, or a report cut short (its last remaining
 * chunk was sealed with flag 0x00 but is opened as the final one) fails authentication. The version byte
 * makes a format downgrade fail the same way. The version is not stored in the chunk: the manifest records
 * it and the tag authenticates it.
 */
public final class ChunkFormat {

  /** Format version written into the associated data. */
  public static final byte VERSION = 1;
  /** GCM tag length in bytes appended to each sealed chunk. */
  public static final int TAG_LENGTH = AesGcm.TAG_LENGTH;
  /** Nonce length in bytes (derived, not stored). */
  public static final int NONCE_LENGTH = AesGcm.NONCE_LENGTH;
  /** Length of the associated data in bytes. */
  public static final int ASSOCIATED_DATA_LENGTH = 1 + 16 + 8 + 1;
  /** Largest plaintext chunk this format accepts (64 MiB); chunk sizes are configured far below it. */
  public static final int MAX_PLAINTEXT_LENGTH = 64 * 1024 * 1024;

  private ChunkFormat() {}

  /** Length of the sealed form of a plaintext chunk of {@code plaintextLength} bytes. */
  public static int sealedLength(int plaintextLength) {
    if (plaintextLength < 0 || plaintextLength > MAX_PLAINTEXT_LENGTH) {
      throw new IllegalArgumentException("plaintext chunk length out of range: " + plaintextLength);
    }
    return plaintextLength + TAG_LENGTH;
  }

  static byte[] nonce(long index) {
    return ByteBuffer.allocate(NONCE_LENGTH).putInt(0).putLong(index).array();
  }

  static byte[] associatedData(UUID reportId, long index, boolean isFinal) {
    return ByteBuffer.allocate(ASSOCIATED_DATA_LENGTH)
        .put(VERSION)
        .putLong(reportId.getMostSignificantBits())
        .putLong(reportId.getLeastSignificantBits())
        .putLong(index)
        .put(isFinal ? (byte) 1 : (byte) 0)
        .array();
  }

  static void checkIndex(long index) {
    if (index < 0) {
      throw new IllegalArgumentException("chunk index must not be negative: " + index);
    }
  }
}
