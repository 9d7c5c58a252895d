package org.medledger.reportchain.ledger;

import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON form of ledger data, as served by {@code /api/ledger/*} and carried by {@code BlockSealed} events.
 * Deterministic: object keys sorted, no whitespace, times as ISO-8601 UTC strings, hashes and signatures as
 * lowercase hex, absent values as {@code null}. Verification never hashes this JSON: it recomputes the canonical
 * bytes of {@link LedgerEncoding} from the parsed fields, so any JSON library can read it.
 *
 * <p>Reading tolerates unknown fields (a newer producer) and rejects documents longer than
 * {@link #MAX_LENGTH} characters before parsing.
 */
public final class LedgerJson {

  /** Longest document accepted for parsing (a block of 10,000 entries is about 4 MB). */
  public static final int MAX_LENGTH = 16 * 1024 * 1024;

  private static final JsonMapper MAPPER = JsonMapper.builder()
      .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
      .disable(MapperFeature.SORT_CREATOR_PROPERTIES_FIRST)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .disable(SerializationFeature.INDENT_OUTPUT)
      .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .build();

  private LedgerJson() {}

  /** The canonical JSON of a {@link Block}, {@link SignedHeader} or {@link LedgerReceipt}. */
  public static String write(Object value) {
    return MAPPER.writeValueAsString(value);
  }

  /** The canonical JSON as UTF-8 bytes. */
  public static byte[] writeBytes(Object value) {
    return write(value).getBytes(StandardCharsets.UTF_8);
  }

  /** Parses a block. @throws MalformedBlockException if it is not one */
  public static Block readBlock(String json) {
    return read(json, Block.class);
  }

  /** Parses a signed header. @throws MalformedBlockException if it is not one */
  public static SignedHeader readHeader(String json) {
    return read(json, SignedHeader.class);
  }

  /** Parses a receipt. @throws MalformedBlockException if it is not one */
  public static LedgerReceipt readReceipt(String json) {
    return read(json, LedgerReceipt.class);
  }

  /** Parses the key history of {@code GET /api/ledger/keys}. @throws MalformedBlockException if it is not one */
  public static PublishedLedgerKeys readPublishedKeys(String json) {
    return read(json, PublishedLedgerKeys.class);
  }

  /** Parses a trusted state kept by a verifier. @throws MalformedBlockException if it is not one */
  public static TrustedState readTrustedState(String json) {
    return read(json, TrustedState.class);
  }

  private static <T> T read(String json, Class<T> type) {
    String what = type.getSimpleName() + " JSON";
    if (json == null || json.length() > MAX_LENGTH) {
      throw new MalformedBlockException(-1, what, "at most " + MAX_LENGTH + " characters",
          json == null ? "none" : json.length() + " characters");
    }
    try {
      T value = MAPPER.readValue(json, type);
      if (value == null) {
        throw new MalformedBlockException(-1, what, "an object", "null");
      }
      return value;
    } catch (JacksonException e) {
      // The parser's message may quote the input: name only its kind.
      throw new MalformedBlockException(-1, what, "valid " + what, "unreadable (" + e.getClass().getSimpleName() + ")", e);
    }
  }
}
