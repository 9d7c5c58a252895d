package org.medledger.reportchain.ledger;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.medledger.reportchain.chain.MerkleHasher;
import org.medledger.reportchain.chain.Sha256;

/**
 * The canonical byte encodings that the ledger hashes and signs. Framework-free; a verifier in another
 * language needs only this page. All integers are unsigned big-endian unless marked signed; strings are UTF-8
 * with a 2-byte length prefix; hashes are raw 32 bytes (lowercase hex in JSON).
 *
 * <h2>Entry (a leaf of the log)</h2>
 * <pre>
 * size  field
 * 4     magic "MLLE" (0x4D 0x4C 0x4C 0x45)
 * 1     format 0x01
 * 1     kind code ({@link LedgerEntryKind#code()}, 1..10)
 * 16    entry id: the UUID's 16 bytes (most significant 8, then least significant 8)
 * 8     time: signed milliseconds since 1970-01-01T00:00:00Z
 * 32    content hash
 * 2+n   actor: length (1..256), UTF-8 bytes
 * 1     report id present: 0x00 no, 0x01 yes
 * 2+n   report id (only if present): length (1..128), UTF-8 bytes
 * 2     attribute count (0..16)
 * then per attribute, in ascending key order (keys are ASCII, so this is byte order):
 * 2+n   key: length (1..64), ASCII bytes matching [A-Za-z][A-Za-z0-9_-]*
 * 2+n   value: length (0..512), UTF-8 bytes
 * </pre>
 * The leaf hash is RFC 6962's: {@code SHA-256(0x00 || entry bytes)} ({@link MerkleHasher#hashLeaf}). The
 * entry's leaf index and block height are not encoded: its position is what the tree proves.
 *
 * <h2>Block header (hashed and signed)</h2>
 * <pre>
 * offset size field
 *   0     4   magic "MLBH" (0x4D 0x4C 0x42 0x48)
 *   4     1   format 0x01
 *   5     8   height
 *  13    32   previous block hash (32 zero bytes at height 0)
 *  45     4   entry count (at least 1)
 *  49    32   entries root: RFC 6962 Merkle root over this block's entry leaf hashes, in order
 *  81     8   tree size: entries in the log up to and including this block
 *  89    32   tree root: RFC 6962 Merkle root over the leaf hashes of all tree-size entries
 * 121     8   sealed at: signed milliseconds since 1970-01-01T00:00:00Z
 * 129    32   key id: SHA-256 of the signing key's X.509 SubjectPublicKeyInfo DER
 * 161         end ({@link #HEADER_LENGTH} bytes)
 * </pre>
 * block hash = {@code SHA-256(header bytes)}; signature = {@code Ed25519(ledger key, header bytes)} (RFC 8032,
 * pure). The magic makes the signed bytes unmistakable for any other message signed with the same key.
 */
public final class LedgerEncoding {

  /** Length of the encoded block header. */
  public static final int HEADER_LENGTH = 161;
  /** The only header and entry format so far. */
  public static final int FORMAT = 1;
  /** The previous hash of block 0, as hex. */
  public static final String ZERO_HASH = "0".repeat(64);

  static final int MAX_ACTOR_BYTES = 256;
  static final int MAX_REPORT_ID_BYTES = 128;
  static final int MAX_ATTRIBUTES = 16;
  static final int MAX_KEY_LENGTH = 64;
  static final int MAX_VALUE_BYTES = 512;
  static final Pattern ATTRIBUTE_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0," + (MAX_KEY_LENGTH - 1) + "}");

  private static final byte[] ENTRY_MAGIC = {'M', 'L', 'L', 'E'};
  private static final byte[] HEADER_MAGIC = {'M', 'L', 'B', 'H'};
  private static final Pattern HASH_HEX = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern SIGNATURE_HEX = Pattern.compile("[0-9a-f]{128}");
  private static final HexFormat HEX = HexFormat.of();

  private LedgerEncoding() {}

  /**
   * The canonical bytes of an entry's leaf.
   *
   * @throws MalformedBlockException if a field is missing or out of bounds
   */
  public static byte[] entry(LedgerEntry entry) {
    long height = entry.blockHeight() == null ? -1 : entry.blockHeight();
    if (entry.kind() == null) {
      throw new MalformedBlockException(height, "entry kind", "one of " + java.util.Arrays.toString(LedgerEntryKind.values()), "none");
    }
    UUID id = entryId(entry.id(), height);
    long millis = millis(entry.time(), "entry time", height);
    byte[] contentHash = hash(entry.contentHash(), "entry content hash", height);
    ByteArrayOutputStream out = new ByteArrayOutputStream(160);
    out.writeBytes(ENTRY_MAGIC);
    out.write(FORMAT);
    out.write(entry.kind().code());
    out.writeBytes(ByteBuffer.allocate(16 + 8).putLong(id.getMostSignificantBits())
        .putLong(id.getLeastSignificantBits()).putLong(millis).array());
    out.writeBytes(contentHash);
    writeString(out, entry.actor(), 1, MAX_ACTOR_BYTES, "entry actor", height);
    if (entry.reportId() == null) {
      out.write(0);
    } else {
      out.write(1);
      writeString(out, entry.reportId(), 1, MAX_REPORT_ID_BYTES, "entry report id", height);
    }
    Map<String, String> attributes = entry.attributes();
    if (attributes.size() > MAX_ATTRIBUTES) {
      throw new MalformedBlockException(height, "attribute count", "at most " + MAX_ATTRIBUTES,
          Integer.toString(attributes.size()));
    }
    writeShort(out, attributes.size());
    // LedgerEntry keeps attributes in a SortedMap; ASCII keys make String order equal to byte order.
    for (Map.Entry<String, String> attribute : attributes.entrySet()) {
      if (attribute.getKey() == null || !ATTRIBUTE_KEY.matcher(attribute.getKey()).matches()) {
        throw new MalformedBlockException(height, "attribute key", ATTRIBUTE_KEY.pattern(), "another string");
      }
      writeString(out, attribute.getKey(), 1, MAX_KEY_LENGTH, "attribute key", height);
      writeString(out, attribute.getValue(), 0, MAX_VALUE_BYTES, "attribute value", height);
    }
    return out.toByteArray();
  }

  /** The entry's RFC 6962 leaf hash: SHA-256(0x00 || {@link #entry}). */
  public static byte[] leafHash(LedgerEntry entry) {
    return MerkleHasher.hashLeaf(entry(entry));
  }

  /** The 161 header bytes of {@code header} (its block hash and signature are not part of them). */
  public static byte[] header(SignedHeader header) {
    long height = header.height();
    if (header.version() != FORMAT) {
      throw new MalformedBlockException(height, "header version", Integer.toString(FORMAT),
          Integer.toString(header.version()));
    }
    return header(height, hash(header.previousHash(), "previous block hash", height), header.entryCount(),
        hash(header.entriesRoot(), "entries root", height), header.treeSize(),
        hash(header.treeRoot(), "tree root", height), millis(header.sealedAt(), "sealed at", height),
        hash(header.keyId(), "key id", height));
  }

  /** The 161 header bytes from raw fields, for {@link BlockAssembler}. */
  public static byte[] header(long height, byte[] previousHash, int entryCount, byte[] entriesRoot, long treeSize,
      byte[] treeRoot, long sealedAtMillis, byte[] keyId) {
    if (height < 0) {
      throw new MalformedBlockException(height, "height", ">= 0", Long.toString(height));
    }
    if (entryCount < 1 || treeSize < entryCount) {
      throw new MalformedBlockException(height, "entry count and tree size", "1 <= entry count <= tree size",
          entryCount + " and " + treeSize);
    }
    return ByteBuffer.allocate(HEADER_LENGTH)
        .put(HEADER_MAGIC)
        .put((byte) FORMAT)
        .putLong(height)
        .put(previousHash)
        .putInt(entryCount)
        .put(entriesRoot)
        .putLong(treeSize)
        .put(treeRoot)
        .putLong(sealedAtMillis)
        .put(keyId)
        .array();
  }

  /** SHA-256 of the header bytes, the value the next block names as its previous hash. */
  public static byte[] blockHash(SignedHeader header) {
    return Sha256.digest(header(header));
  }

  /** Parses 64 lowercase hex digits. */
  public static byte[] hash(String hex, String what, long height) {
    if (hex == null || !HASH_HEX.matcher(hex).matches()) {
      throw new MalformedBlockException(height, what, "64 lowercase hex digits", describe(hex));
    }
    return HEX.parseHex(hex);
  }

  /** Parses a 64-byte signature written as 128 lowercase hex digits. */
  static byte[] signature(String hex, long height) {
    if (hex == null || !SIGNATURE_HEX.matcher(hex).matches()) {
      throw new MalformedBlockException(height, "signature", "128 lowercase hex digits", describe(hex));
    }
    return HEX.parseHex(hex);
  }

  /** Whether {@code hex} is a well-formed hash (64 lowercase hex digits). */
  public static boolean isHash(String hex) {
    return hex != null && HASH_HEX.matcher(hex).matches();
  }

  public static String hex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }

  /** Each hash as lowercase hex, in order. */
  public static java.util.List<String> hex(java.util.List<byte[]> hashes) {
    return hashes.stream().map(HEX::formatHex).toList();
  }

  private static UUID entryId(String id, long height) {
    try {
      UUID uuid = UUID.fromString(id);
      if (uuid.toString().equals(id)) {
        return uuid;
      }
    } catch (IllegalArgumentException | NullPointerException e) {
      // reported below
    }
    throw new MalformedBlockException(height, "entry id", "a lowercase canonical UUID", describe(id));
  }

  private static long millis(Instant time, String what, long height) {
    if (time == null || time.getNano() % 1_000_000 != 0) {
      throw new MalformedBlockException(height, what, "a time with millisecond precision",
          time == null ? "none" : time.toString());
    }
    return time.toEpochMilli();
  }

  private static void writeString(ByteArrayOutputStream out, String value, int minBytes, int maxBytes, String what,
      long height) {
    byte[] bytes = value == null ? null : value.getBytes(StandardCharsets.UTF_8);
    if (bytes == null || bytes.length < minBytes || bytes.length > maxBytes) {
      throw new MalformedBlockException(height, what, minBytes + ".." + maxBytes + " UTF-8 bytes",
          bytes == null ? "none" : bytes.length + " bytes");
    }
    writeShort(out, bytes.length);
    out.writeBytes(bytes);
  }

  private static void writeShort(ByteArrayOutputStream out, int value) {
    out.write(value >>> 8);
    out.write(value);
  }

  /** A short, safe description of a bad value for an exception message (no content echoed beyond 80 chars). */
  private static String describe(String value) {
    if (value == null) {
      return "none";
    }
    return value.length() > 80 ? value.substring(0, 80) + "... (" + value.length() + " chars)" : value;
  }
}
