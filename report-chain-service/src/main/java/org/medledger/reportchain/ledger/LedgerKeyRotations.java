package org.medledger.reportchain.ledger;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.medledger.support.security.CurrentUser;
import org.medledger.support.web.ConflictException;
import org.medledger.support.web.MedLedgerException;
import org.medledger.support.web.ServiceUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Ledger signing key rotation ({@code POST /api/ledger/keys/rotate}): a new key version in the keyring, then a
 * {@link LedgerKeyTransition} entry naming it, which the {@link BlockSealer} seals as the last entry signed by the old
 * key; every later block is signed by the new key. Blocks and receipts signed before stay verifiable with the old
 * key, which stays in the keyring and in {@code GET /api/ledger/keys}.
 *
 * <p>Concurrent rotations (in one process or several) that start from the same signing key end with one new key:
 * the keyring hands the second the key the first created ({@link LedgerSigningKeys#rotate}), and the announcement's
 * entry id is derived from the old and new key ids, so the second insert is a duplicate of the first. A call that
 * times out waiting for the block can be repeated: it resumes the same rotation. Sealing in flight is unaffected: a
 * block is signed by the key the ledger names for it, whichever instance seals it.
 */
public class LedgerKeyRotations {

  private static final Logger log = LoggerFactory.getLogger(LedgerKeyRotations.class);

  /** How long a rotation waits for the block that seals its announcement. */
  static final Duration SEAL_TIMEOUT = Duration.ofSeconds(30);

  private final LedgerStore store;
  private final BlockSealer sealer;
  private final Ledger ledger;
  private final LedgerSigningKeys keys;
  private final Clock clock;

  LedgerKeyRotations(LedgerStore store, BlockSealer sealer, Ledger ledger, LedgerSigningKeys keys, Clock clock) {
    this.store = store;
    this.sealer = sealer;
    this.ledger = ledger;
    this.keys = keys;
    this.clock = clock;
  }

  /**
   * The outcome of a rotation.
   *
   * @param previousKeyId the key that signed up to and including the announcement's block
   * @param keyId the new key
   * @param firstHeight the first block the new key signs
   * @param ledgerEntryId the {@code LEDGER_KEY_ROTATED} entry announcing it
   */
  public record Result(String previousKeyId, String keyId, long firstHeight, String ledgerEntryId) {}

  /**
   * Rotates; {@code admin} must hold the admin role.
   *
   * @return fails with 403 {@code role-required}; 409 {@code ledger-key-not-rotatable} when the signer is not the
   *     local keyring's, {@code ledger-empty} before the first block; 503 {@code ledger-key-unavailable} when the
   *     keyring cannot be written, {@code ledger-key-rotation-pending} when the announcement is not sealed in time
   *     (repeat the call)
   */
  public Mono<Result> rotate(CurrentUser admin) {
    return Mono.fromCallable(() -> admin.requireRole(CurrentUser.ADMIN))
        .then(Mono.defer(() -> keys.canRotate() ? signingKeyId() : Mono.error(notRotatable())))
        .flatMap(signingKeyId -> Mono.fromCallable(() -> keys.rotate(signingKeyId))
            .subscribeOn(Schedulers.boundedElastic())
            .onErrorMap(e -> !(e instanceof MedLedgerException), e -> {
              log.warn("Ledger key rotation failed: {}", e.getClass().getSimpleName());
              return new ServiceUnavailableException("ledger-key-unavailable",
                  "The keyring could not create a new ledger key; nothing changed.");
            })
            .flatMap(next -> announce(LedgerKeyTransition.to(signingKeyId, next.publicKey()), admin)))
        .flatMap(this::awaitSealed);
  }

  /**
   * The key that signs the next block. An empty ledger is refused: its first block is signed by whatever key is
   * active when it is sealed, which a rotation would change under it.
   */
  private Mono<String> signingKeyId() {
    return store.latestHead()
        .map(LedgerStore.StoredHead::nextKeyId)
        .switchIfEmpty(Mono.error(() -> new ConflictException("ledger-empty",
            "The ledger has no block yet, so there is no key to rotate from; rotate once the first block is sealed.")));
  }

  private Mono<LedgerEntry> announce(LedgerKeyTransition transition, CurrentUser admin) {
    String id = UUID.nameUUIDFromBytes(("ledger-key-rotation " + transition.previousKeyId() + " " + transition.keyId())
        .getBytes(StandardCharsets.US_ASCII)).toString();
    LedgerEntry entry = LedgerEntry.pending(id, LedgerEntryKind.LEDGER_KEY_ROTATED, admin.id(), null,
        clock.instant().truncatedTo(ChronoUnit.MILLIS), transition.contentHash(), transition.attributes());
    // A duplicate is the same announcement from a concurrent or repeated call: wait for it like for our own.
    return store.insertPending(entry).onErrorResume(DuplicateKeyException.class, e -> Mono.just(entry));
  }

  private Mono<Result> awaitSealed(LedgerEntry announcement) {
    return sealer.sealPending()
        .onErrorResume(e -> Mono.just(0L)) // the sealer's own loop retries; the wait below decides
        .then(ledger.awaitSealed(announcement.id(), SEAL_TIMEOUT))
        .onErrorMap(TimeoutException.class, e -> new ServiceUnavailableException("ledger-key-rotation-pending",
            "The new ledger key is announced but its block is not sealed yet; repeat the call to resume it."))
        .map(sealed -> {
          LedgerKeyTransition transition = LedgerKeyTransition.of(sealed, sealed.blockHeight());
          log.info("Ledger key rotated from {} to {}; the new key signs from block {}", transition.previousKeyId(),
              transition.keyId(), sealed.blockHeight() + 1);
          return new Result(transition.previousKeyId(), transition.keyId(), sealed.blockHeight() + 1, sealed.id());
        });
  }

  private static ConflictException notRotatable() {
    return new ConflictException("ledger-key-not-rotatable", "The ledger is signed by a fixed signing key (no local "
        + "keyring, e.g. medledger.keys.provider=aws-kms), which this service cannot rotate; see the operations guide, "
        + "section 'Ledger signing key'.");
  }
}
