package org.medledger.reportchain.crypto;

import java.util.UUID;

/**
 * Wraps and unwraps report data keys under versioned key-encryption keys (KEKs): envelope encryption.
 *
 * <p>Guarantees every implementation gives:
 * <ul>
 *   <li>Confidentiality and integrity of the data key: a {@link WrappedKey} reveals nothing about it and any
 *       change to it makes {@link #unwrap} fail.</li>
 *   <li>Binding to the report: the report id is authenticated with the wrapped key (as associated data or
 *       as a KMS encryption context), so a wrapped key copied onto another report's manifest fails to unwrap.
 *       (Tink's {@code KmsEnvelopeAead} wraps with empty associated data; this is the improvement.)</li>
 *   <li>Rotation without re-encryption: {@link #rewrap} unwraps under the wrapped key's KEK version and wraps
 *       under the {@linkplain #currentKekVersion() current} one; old versions stay available for unwrapping,
 *       and chunks are never touched.</li>
 * </ul>
 *
 * <p>Failures: {@link KeyUnwrapException} when a wrapped key is not authentic for the report (fatal for that
 * report; do not retry), {@link KeyProviderException} for everything else (an unreachable KMS, an I/O error,
 * which may be transient). Implementations are thread-safe.
 */
public interface KeyProvider {

  /** Wraps {@code dataKey} under the current KEK version, bound to {@code reportId}. */
  WrappedKey wrap(DataKey dataKey, UUID reportId);

  /**
   * Unwraps a data key for {@code reportId}. The result can open chunks, never seal them.
   *
   * @throws KeyUnwrapException if the wrapped key was modified, belongs to another report, or names a KEK
   *     version this provider does not have
   */
  DataKey unwrap(WrappedKey wrappedKey, UUID reportId);

  /** The KEK version new wraps use; the value recorded in {@link WrappedKey#kekVersion()}. */
  String currentKekVersion();

  /**
   * Re-wraps under the current KEK version (rotation). The data key and therefore the chunks are unchanged.
   *
   * @throws KeyUnwrapException as {@link #unwrap}
   */
  WrappedKey rewrap(WrappedKey wrappedKey, UUID reportId);

  /** Whether {@code wrappedKey} is already under the current KEK version (a rotation job can skip it). */
  default boolean isCurrent(WrappedKey wrappedKey) {
    return wrappedKey.kekVersion().equals(currentKekVersion());
  }
}
