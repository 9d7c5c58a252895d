package org.medledger.reportchain.report;

import java.time.Instant;
import org.medledger.reportchain.crypto.WrappedKey;

/**
 * A report's data key as stored: wrapped by a key-encryption key, never in the clear.
 *
 * @param wrappedKey {@link WrappedKey#toBase64()}: the KEK version and the provider's ciphertext, bound to the
 *     report id
 * @param kekVersion the KEK version that wrapped it (also inside {@code wrappedKey}; kept apart for queries)
 * @param wrappedAt when it was wrapped or last re-wrapped
 */
public record KeyEnvelope(String wrappedKey, String kekVersion, Instant wrappedAt) {

    static KeyEnvelope of(WrappedKey key, Instant at) {
        return new KeyEnvelope(key.toBase64(), key.kekVersion(), at);
    }

    WrappedKey toWrappedKey() {
        return WrappedKey.fromBase64(wrappedKey);
    }

    @Override
    public String toString() {
        return "KeyEnvelope[kekVersion=" + kekVersion + "]";
    }
}
