package org.medledger.reportchain.ledger;

import java.security.PublicKey;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.medledger.reportchain.crypto.LedgerSignatureVerifier;

/**
 * Which key must sign which block, as far as {@link LedgerVerifier} has seen the chain. Before any block is verified,
 * any trusted key may sign; from the first verified block on, a block is signed by the key of the block before it,
 * unless that block announced a {@link LedgerKeyTransition}: then by the key it named. A key the caller trusts but the
 * chain never announced therefore cannot take over in the middle. Thread-safe.
 */
final class LedgerKeySchedule {

  private final Map<String, PublicKey> trusted = new LinkedHashMap<>();
  private final TreeMap<Long, PublicKey> keyFromHeight = new TreeMap<>();

  LedgerKeySchedule(Collection<PublicKey> trustedKeys) {
    for (PublicKey key : trustedKeys) {
      trusted.put(LedgerSignatureVerifier.keyId(key), key);
    }
    if (trusted.isEmpty()) {
      throw new IllegalArgumentException("a ledger verifier needs at least one trusted key");
    }
  }

  /** Ids of the keys trusted from the start, in the order given. */
  Collection<String> trustedKeyIds() {
    return trusted.keySet();
  }

  /**
   * The key that must sign the header at {@code height} that names {@code claimedKeyId}.
   *
   * @throws BadSignatureException if that is another key, or (nothing learned yet) no trusted key
   */
  synchronized PublicKey keyFor(long height, String claimedKeyId) {
    Map.Entry<Long, PublicKey> scheduled = keyFromHeight.floorEntry(height);
    if (scheduled == null) {
      PublicKey key = trusted.get(claimedKeyId);
      if (key == null) {
        String expected = trusted.size() == 1
            ? trusted.keySet().iterator().next() : "one of the trusted keys " + trusted.keySet();
        throw new BadSignatureException(height, "key id", expected, claimedKeyId, null);
      }
      return key;
    }
    String expected = LedgerSignatureVerifier.keyId(scheduled.getValue());
    if (!expected.equals(claimedKeyId)) {
      throw new BadSignatureException(height, "key id (a new key signs only after a ledger key announcement "
          + "signed by the previous key)", expected, claimedKeyId, null);
    }
    return scheduled.getValue();
  }

  /** Records what a verified block establishes: its key from its height on, an announced key from the next. */
  synchronized void learn(long height, PublicKey signedBy, LedgerKeyTransition announced) {
    if (keyFromHeight.floorEntry(height) == null) {
      keyFromHeight.put(height, signedBy);
    }
    if (announced != null) {
      keyFromHeight.putIfAbsent(height + 1, announced.publicKey());
    }
  }
}
