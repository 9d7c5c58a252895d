package org.medledger.reportchain.ledger;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.medledger.reportchain.chain.Sha256;

/**
 * Content hashes for ledger entries: SHA-256 hex of an event's canonical content, so the ledger commits to
 * the content without holding it.
 *
 * <p>{@link #ofFields} encodes a set of named fields canonically, for events that are not a file: the ASCII
 * magic {@code "MLCH"}, the byte 0x01, a 4-byte big-endian field count, then per field in ascending key
 * order ({@link String#compareTo}; byte order for ASCII keys) a 4-byte length and the UTF-8 key, a 4-byte length and the UTF-8 value. Put ids, outcomes and times
 * there, never names, e-mail addresses or one-time codes; the hash of a short guessable value can be
 * guessed.
 */
public final class ContentHashes {

  private static final byte[] MAGIC = {'M', 'L', 'C', 'H', 1};

  private ContentHashes() {}

  /** Lowercase hex SHA-256 of {@code bytes}. */
  public static String sha256Hex(byte[] bytes) {
    return LedgerEncoding.hex(Sha256.digest(bytes));
  }

  /** Lowercase hex SHA-256 of the canonical encoding of {@code fields} (null values are not allowed). */
  public static String ofFields(Map<String, String> fields) {
    SortedMap<String, String> sorted = new TreeMap<>(fields);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(MAGIC);
    writeInt(out, sorted.size());
    sorted.forEach((key, value) -> {
      writeBytes(out, key.getBytes(StandardCharsets.UTF_8));
      writeBytes(out, Objects.requireNonNull(value, () -> "value of " + key).getBytes(StandardCharsets.UTF_8));
    });
    return sha256Hex(out.toByteArray());
  }

  private static void writeBytes(ByteArrayOutputStream out, byte[] bytes) {
    writeInt(out, bytes.length);
    out.writeBytes(bytes);
  }

  private static void writeInt(ByteArrayOutputStream out, int value) {
    out.write(value >>> 24);
    out.write(value >>> 16);
    out.write(value >>> 8);
    out.write(value);
  }
}
