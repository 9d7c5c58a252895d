package org.medledger.reportchain.ledger;

import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.medledger.reportchain.crypto.LedgerSignatureException;
import org.medledger.reportchain.crypto.LedgerSignatureVerifier;

/**
 * A change of ledger signing key, as a {@link LedgerEntryKind#LEDGER_KEY_ROTATED} entry announces it. The block
 * holding the entry is signed by the previous key, which thereby vouches for the new one; every later block is
 * signed by the new key. Attributes of the entry:
 * <ul>
 *   <li>{@value #PREVIOUS_KEY_ID}: key id of the key that signs the entry's block;</li>
 *   <li>{@value #KEY_ID}: key id of the new key (lowercase hex SHA-256 of its SubjectPublicKeyInfo DER);</li>
 *   <li>{@value #PUBLIC_KEY}: that DER, standard base64, so a verifier learns the key from the ledger itself.</li>
 * </ul>
 * The content hash is {@link ContentHashes#ofFields} over these three attributes.
 *
 * @param previousKeyId the key that signed the announcing block
 * @param keyId the new key's id
 * @param publicKey the new key
 */
public record LedgerKeyTransition(String previousKeyId, String keyId, PublicKey publicKey) {

  public static final String PREVIOUS_KEY_ID = "previousKeyId";
  public static final String KEY_ID = "keyId";
  public static final String PUBLIC_KEY = "publicKey";

  /** The transition from {@code previousKeyId} to {@code next}. */
  public static LedgerKeyTransition to(String previousKeyId, PublicKey next) {
    return new LedgerKeyTransition(previousKeyId, LedgerSignatureVerifier.keyId(next), next);
  }

  /** The entry attributes that announce this transition. */
  public Map<String, String> attributes() {
    Map<String, String> attributes = new TreeMap<>();
    attributes.put(PREVIOUS_KEY_ID, previousKeyId);
    attributes.put(KEY_ID, keyId);
    attributes.put(PUBLIC_KEY, Base64.getEncoder().encodeToString(publicKey.getEncoded()));
    return attributes;
  }

  /** The entry's content hash. */
  public String contentHash() {
    return ContentHashes.ofFields(attributes());
  }

  /**
   * The transition a sealed {@code block} announces, if any.
   *
   * @throws MalformedBlockException if it holds more than one, or one whose attributes are not a consistent
   *     Ed25519 key announcement made by the block's own key
   */
  public static LedgerKeyTransition in(Block block) {
    List<LedgerEntry> announcements = block.entries().stream()
        .filter(entry -> entry.kind() == LedgerEntryKind.LEDGER_KEY_ROTATED)
        .toList();
    if (announcements.isEmpty()) {
      return null;
    }
    long height = block.height();
    if (announcements.size() > 1) {
      throw new MalformedBlockException(height, "ledger key announcements in one block", "at most 1",
          Integer.toString(announcements.size()));
    }
    LedgerKeyTransition transition = of(announcements.getFirst(), height);
    if (!transition.previousKeyId().equals(block.header().keyId())) {
      throw new MalformedBlockException(height, "previous key of the ledger key announcement",
          "the key that signs its block, " + block.header().keyId(), transition.previousKeyId());
    }
    return transition;
  }

  /**
   * The transition one {@code LEDGER_KEY_ROTATED} entry announces, for a block at {@code height}; the caller checks
   * that its previous key signs that block.
   *
   * @throws MalformedBlockException if the announced key is not Ed25519 or not the key its id names
   * @throws EditedEntryException if the content hash does not cover these attributes
   */
  public static LedgerKeyTransition of(LedgerEntry entry, long height) {
    Map<String, String> attributes = entry.attributes();
    String encoded = String.valueOf(attributes.get(PUBLIC_KEY));
    PublicKey publicKey;
    try {
      publicKey = LedgerSignatureVerifier.parsePublicKey(Base64.getDecoder().decode(encoded));
    } catch (IllegalArgumentException | LedgerSignatureException e) {
      throw new MalformedBlockException(height, "public key of the ledger key announcement",
          "an Ed25519 SubjectPublicKeyInfo in base64", encoded);
    }
    LedgerKeyTransition transition = to(String.valueOf(attributes.get(PREVIOUS_KEY_ID)), publicKey);
    if (!transition.keyId().equals(attributes.get(KEY_ID))) {
      throw new MalformedBlockException(height, "key id of the announced ledger key", transition.keyId(),
          String.valueOf(attributes.get(KEY_ID)));
    }
    if (!transition.contentHash().equals(entry.contentHash())) {
      throw new EditedEntryException(height, entry.leafIndex() == null ? -1 : entry.leafIndex(),
          "content hash of the ledger key announcement", transition.contentHash(), entry.contentHash());
    }
    return transition;
  }
}
