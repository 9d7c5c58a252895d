package org.medledger.reportchain.ledger;

import java.security.PublicKey;
import java.util.List;
import java.util.Optional;
import org.medledger.reportchain.crypto.LedgerSigner;
import org.medledger.reportchain.crypto.LocalKeyring;

/**
 * The ledger's signing key versions, resolved once by {@link LedgerConfiguration}: the local keyring's, or one fixed
 * {@link LedgerSigner} bean (a deployment without the local keyring, for example with AWS KMS), which this service
 * cannot rotate. Which version signs a block is the ledger's decision, not this class's: see {@link BlockSealer}.
 */
final class LedgerSigningKeys {

  private final LocalKeyring keyring;
  private final LedgerSigner fixed;

  private LedgerSigningKeys(LocalKeyring keyring, LedgerSigner fixed) {
    this.keyring = keyring;
    this.fixed = fixed;
  }

  static LedgerSigningKeys of(LocalKeyring keyring) {
    return new LedgerSigningKeys(keyring, null);
  }

  static LedgerSigningKeys fixed(LedgerSigner signer) {
    return new LedgerSigningKeys(null, signer);
  }

  /** The newest version: it signs the first block of an empty ledger. */
  LedgerSigner active() {
    return canRotate() ? keyring.ledgerSigner() : fixed;
  }

  /** The version with {@code keyId}, if this deployment holds it. */
  Optional<LedgerSigner> signer(String keyId) {
    return canRotate() ? keyring.ledgerSigner(keyId) : Optional.of(fixed).filter(s -> s.keyId().equals(keyId));
  }

  /**
   * The public key that signed {@code header}.
   *
   * @throws BadSignatureException if this deployment holds no key with its key id
   */
  PublicKey publicKeyOf(SignedHeader header) {
    return signer(header.keyId()).map(LedgerSigner::publicKey).orElseThrow(() -> new BadSignatureException(
        header.height(), "key id", "a ledger key of this deployment", header.keyId(), null));
  }

  /** The public keys of every version held, oldest first. */
  List<PublicKey> publicKeys() {
    return (canRotate() ? keyring.ledgerSigners() : List.of(fixed)).stream().map(LedgerSigner::publicKey).toList();
  }

  /** Whether {@link #rotate} can create keys: only the local keyring can. */
  boolean canRotate() {
    return keyring != null;
  }

  /**
   * The version to sign after {@code signingKeyId}: created now, or made by a rotation not yet announced (see
   * {@link LocalKeyring#rotateLedgerKey}). Blocking.
   *
   * @throws UnsupportedOperationException for a fixed signer
   */
  LedgerSigner rotate(String signingKeyId) {
    if (!canRotate()) {
      throw new UnsupportedOperationException("a fixed ledger signer cannot be rotated here");
    }
    return keyring.rotateLedgerKey(signingKeyId);
  }
}
