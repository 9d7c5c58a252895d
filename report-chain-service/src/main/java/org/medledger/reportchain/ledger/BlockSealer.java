package org.medledger.reportchain.ledger;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.medledger.events.EventCodec;
import org.medledger.events.OutgoingEvent;
import org.medledger.events.ledger.BlockSealed;
import org.medledger.reportchain.crypto.LedgerSigner;
import org.medledger.reportchain.ledger.BlockAssembler.Assembled;
import org.medledger.reportchain.ledger.BlockAssembler.Tip;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DuplicateKeyException;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;

/**
 * Seals pending entries into signed blocks: when {@code maxEntries} are pending, and every {@code maxDelay}
 * for whatever is pending. Any number of instances may run against one database:
 *
 * <ol>
 *   <li>read the head (checking that its stored header still hashes to its block hash and its compact range
 *       to its tree root: a sealer never extends a damaged head);</li>
 *   <li>take the oldest pending entries (at most {@code maxEntries}, and at most {@link #MAX_BLOCK_JSON_BYTES} of
 *       JSON), dropping any that a block already holds (another instance sealed them and has not removed them
 *       from the pending collection yet); documents that are not valid entries go to quarantine;</li>
 *   <li>assemble and sign block {@code head + 1} with the key the ledger names for it: the head's key, or the key
 *       the head announced ({@link LedgerKeyTransition}; the first block: the active key). A block ends with the
 *       first key announcement in the batch, so that everything after it is signed by the new key. An announcement
 *       that the head's key cannot make (stale, or naming a key this deployment does not hold) is quarantined:
 *       sealing it would leave a ledger no verifier accepts, or no one could sign;</li>
 *   <li>insert the block, with its {@code BlockSealed} event in its outbox, in
 *       one write. The height is the document id: if another instance inserted that height first, the insert
 *       fails with a duplicate key and this sealer starts again from step 1 with the new head (bounded
 *       retries with jittered back-off). The unique index on {@code entries.id} stops an entry from being
 *       sealed twice whatever the interleaving. Leaf indexes come only from the inserted block: no fork, no
 *       gap;</li>
 *   <li>write the block's Merkle nodes, mark them written, remove its entries from the pending collection.
 *       These steps are idempotent; if an instance stops between them, the next sealing pass (of any
 *       instance) or a proof request repairs the nodes and the pending collection.</li>
 * </ol>
 */
final class BlockSealer implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(BlockSealer.class);

  /**
   * Most entry JSON in one block, whatever {@code maxEntries} says: the block's {@code BlockSealed} event must fit
   * Kafka's default 1 MiB record limit with room for the header, the compact range and the CloudEvent envelope.
   */
  static final int MAX_BLOCK_JSON_BYTES = 512 * 1024;

  private final LedgerStore store;
  private final LedgerSigningKeys keys;
  private final EventCodec codec;
  private final Runnable afterSeal;
  private final LedgerProperties.Sealer settings;
  private final Clock clock;
  private final Sinks.Many<Boolean> triggers = Sinks.many().multicast().directBestEffort();
  private final AtomicInteger appendedSinceSeal = new AtomicInteger();
  private final AtomicLong sealedBlocks = new AtomicLong();
  private final AtomicLong lostRaces = new AtomicLong();
  private volatile Disposable loop;
  private volatile String lastFailure;

  /**
   * @param afterSeal called after each block insert (the outbox relay's nudge)
   */
  BlockSealer(LedgerStore store, LedgerSigningKeys keys, EventCodec codec, Runnable afterSeal,
      LedgerProperties.Sealer settings, Clock clock) {
    this.store = store;
    this.keys = keys;
    this.codec = codec;
    this.afterSeal = afterSeal;
    this.settings = settings;
    this.clock = clock;
  }

  /** Counts an append; a full block's worth triggers sealing at once instead of at the next tick. */
  void onAppended() {
    if (appendedSinceSeal.incrementAndGet() >= settings.maxEntries()) {
      appendedSinceSeal.set(0);
      triggers.tryEmitNext(Boolean.TRUE);
    }
  }

  /** Seals blocks until nothing is pending; completes with the number of sealing rounds that made progress. */
  Mono<Long> sealPending() {
    return store.ready()
        .then(repairNodes().onErrorResume(e -> {
          log.warn("Ledger node repair failed ({}); retried on the next pass", e.getClass().getSimpleName());
          return Mono.empty();
        }))
        .then(Mono.defer(() -> {
          appendedSinceSeal.set(0);
          return Mono.defer(this::sealNext).repeat().takeWhile(Boolean::booleanValue).count();
        }));
  }

  /**
   * One block, or one clean-up of already sealed pending entries.
   *
   * @return whether anything was done (false: nothing pending)
   */
  Mono<Boolean> sealNext() {
    return Mono.defer(this::attempt)
        .retryWhen(Retry.backoff(settings.maxAttempts() - 1L, Duration.ofMillis(5))
            .maxBackoff(Duration.ofMillis(200))
            .jitter(0.5)
            .filter(DuplicateKeyException.class::isInstance)
            .doBeforeRetry(signal -> lostRaces.incrementAndGet())
            .onRetryExhaustedThrow((spec, signal) -> signal.failure()));
  }

  private Mono<Boolean> attempt() {
    return store.latestHead()
        .map(head -> new Next(tipOf(head), head.nextKeyId()))
        .defaultIfEmpty(new Next(Tip.genesis(), null))
        .flatMap(next -> store.oldestPending(settings.maxEntries(), MAX_BLOCK_JSON_BYTES).flatMap(batch -> {
          if (!batch.invalid().isEmpty()) {
            log.error("{} pending ledger documents are not valid entries (written to the database directly?); "
                + "moved to {}", batch.invalid().size(), LedgerStore.QUARANTINE);
            return store.quarantine(batch.invalid()).thenReturn(true);
          }
          List<LedgerEntry> pending = batch.entries();
          if (pending.isEmpty()) {
            return Mono.just(false);
          }
          Set<String> ids = pending.stream().map(LedgerEntry::id).collect(Collectors.toSet());
          return store.sealedAmong(ids).flatMap(alreadySealed -> alreadySealed.isEmpty()
              ? seal(next, pending)
              : store.deletePending(alreadySealed).thenReturn(true));
        }));
  }

  /** The tip the next block extends and the id of the key that must sign it (null: the ledger is empty). */
  private record Next(Tip tip, String signingKeyId) {}

  private Mono<Boolean> seal(Next next, List<LedgerEntry> pending) {
    LedgerSigner signer = next.signingKeyId() == null
        ? keys.active()
        : keys.signer(next.signingKeyId()).orElseThrow(() -> new IllegalStateException(
            "the ledger's next block must be signed by key " + next.signingKeyId() + ", which this keyring lacks"));
    List<LedgerEntry> batch = upToFirstAnnouncement(pending);
    LedgerEntry last = batch.getLast();
    if (last.kind() == LedgerEntryKind.LEDGER_KEY_ROTATED) {
      String problem = announcementProblem(last, signer, next.tip().height() + 1);
      if (problem != null) {
        log.error("Ledger key announcement {} cannot be sealed ({}); moved to {}", last.id(), problem,
            LedgerStore.QUARANTINE);
        return store.quarantine(List.<Object>of(last.id())).thenReturn(true);
      }
    }
    Assembled assembled = BlockAssembler.assemble(next.tip(), batch, clock.instant(), signer);
    Block block = assembled.block();
    OutgoingEvent event = codec.prepare(new BlockSealed(block.height(), LedgerJson.write(block)));
    return store.insertBlock(block, assembled.rangeAfter(), event)
        .then(Mono.fromRunnable(() -> {
          sealedBlocks.incrementAndGet();
          lastFailure = null;
          afterSeal.run();
        }))
        .then(finish(block))
        .thenReturn(true);
  }

  private static List<LedgerEntry> upToFirstAnnouncement(List<LedgerEntry> pending) {
    for (int i = 0; i < pending.size(); i++) {
      if (pending.get(i).kind() == LedgerEntryKind.LEDGER_KEY_ROTATED) {
        return pending.subList(0, i + 1);
      }
    }
    return pending;
  }

  /** Why {@code signer} cannot seal {@code announcement} at {@code height}; null if it can. */
  private String announcementProblem(LedgerEntry announcement, LedgerSigner signer, long height) {
    LedgerKeyTransition transition;
    try {
      transition = LedgerKeyTransition.of(announcement, height);
    } catch (LedgerVerificationException e) {
      return e.getMessage();
    }
    if (!transition.previousKeyId().equals(signer.keyId())) {
      return "it names previous key " + transition.previousKeyId() + ", but " + signer.keyId() + " signs now";
    }
    if (transition.keyId().equals(signer.keyId()) || keys.signer(transition.keyId()).isEmpty()) {
      return "its new key " + transition.keyId() + " is the current one or not in this deployment's keyring";
    }
    return null;
  }

  /** Steps after the insert; best effort, since the next pass repairs whatever is left undone. */
  private Mono<Void> finish(Block block) {
    List<String> ids = block.entries().stream().map(LedgerEntry::id).toList();
    return store.writeNodes(BlockAssembler.nodes(block))
        .then(store.markNodesWritten(block.height()))
        .then(store.deletePending(ids))
        .then()
        .onErrorResume(e -> {
          log.warn("Block {} is sealed but its nodes or pending entries were not updated ({}); repaired on the "
              + "next pass", block.height(), e.getClass().getSimpleName());
          return Mono.empty();
        });
  }

  /** Writes the nodes of any block whose nodes are not marked written. */
  Mono<Void> repairNodes() {
    return store.blocksMissingNodes()
        .concatMap(block -> store.writeNodes(BlockAssembler.nodes(block)).then(store.markNodesWritten(block.height())))
        .then();
  }

  /** The tip a new block extends, refusing a head whose stored fields no longer agree with each other. */
  private static Tip tipOf(LedgerStore.StoredHead head) {
    SignedHeader header = head.header();
    String computed = LedgerEncoding.hex(LedgerEncoding.blockHash(header));
    if (!computed.equals(header.blockHash())) {
      throw new LedgerForkException(header.height(), "stored head's block hash (recomputed from its header)",
          header.blockHash(), computed);
    }
    Tip tip = new Tip(header.height(), header.blockHash(), header.treeSize(), header.treeRoot(), head.rangeAfter(),
        header.sealedAt());
    tip.range();
    return tip;
  }

  long sealedBlocks() {
    return sealedBlocks.get();
  }

  /** Sealing attempts that lost their height to another sealer and retried. */
  long lostRaces() {
    return lostRaces.get();
  }

  @Override
  public void start() {
    if (!settings.enabled() || isRunning()) {
      return;
    }
    loop = Flux.merge(Flux.interval(settings.maxDelay(), settings.maxDelay()), triggers.asFlux())
        .onBackpressureDrop()
        .concatMap(tick -> sealPending().onErrorResume(this::logFailure), 1)
        .subscribe();
  }

  private Mono<Long> logFailure(Throwable e) {
    String failure = e.getClass().getSimpleName() + ": " + e.getMessage();
    if (e instanceof LedgerVerificationException) {
      if (!Objects.equals(failure, lastFailure)) {
        log.error("Ledger head failed its integrity check; no block is sealed on it until it is repaired. {}",
            failure);
      }
    } else if (!Objects.equals(failure, lastFailure)) {
      log.warn("Sealing pass failed ({}); retried at the next tick", e.getClass().getSimpleName());
    }
    lastFailure = failure;
    return Mono.just(0L);
  }

  @Override
  public void stop() {
    Disposable running = loop;
    if (running != null) {
      running.dispose();
    }
  }

  @Override
  public boolean isRunning() {
    Disposable running = loop;
    return running != null && !running.isDisposed();
  }
}
