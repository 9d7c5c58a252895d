package org.medledger.reportchain.ledger;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The {@link Ledger} on MongoDB: appends go to the pending collection, the {@link BlockSealer} does the rest. */
final class MongoLedger implements Ledger {

  private static final Duration SEALED_POLL = Duration.ofMillis(50);

  private final LedgerStore store;
  private final BlockSealer sealer;
  private final Clock clock;

  MongoLedger(LedgerStore store, BlockSealer sealer, Clock clock) {
    this.store = store;
    this.sealer = sealer;
    this.clock = clock;
  }

  @Override
  public Mono<LedgerEntry> append(LedgerEntryKind kind, String actor, String reportId, String contentHash,
      Map<String, String> attributes) {
    return Mono.fromCallable(() -> newEntry(kind, actor, reportId, contentHash, attributes))
        .flatMap(store::insertPending)
        .doOnNext(entry -> sealer.onAppended());
  }

  private LedgerEntry newEntry(LedgerEntryKind kind, String actor, String reportId, String contentHash,
      Map<String, String> attributes) {
    Objects.requireNonNull(kind, "kind");
    if (actor == null || actor.isBlank() || reportId != null && reportId.isBlank()) {
      throw new IllegalArgumentException("a ledger entry needs an actor, and a report id that is null or not blank");
    }
    if (attributes != null && attributes.values().stream().anyMatch(Objects::isNull)) {
      throw new IllegalArgumentException("ledger attribute values must not be null");
    }
    String hash = contentHash == null ? null : contentHash.toLowerCase(Locale.ROOT);
    LedgerEntry entry = LedgerEntry.pending(UUID.randomUUID().toString(), kind, actor, reportId,
        clock.instant().truncatedTo(ChronoUnit.MILLIS), hash, attributes);
    try {
      LedgerEncoding.entry(entry);
    } catch (MalformedBlockException e) {
      throw new IllegalArgumentException("ledger entry out of bounds: " + e.what() + " must be " + e.expected(), e);
    }
    return entry;
  }

  @Override
  public Mono<LedgerEntry> entry(String entryId) {
    return store.blockWithEntry(entryId)
        .mapNotNull(block -> block.entries().stream().filter(e -> e.id().equals(entryId)).findFirst().orElse(null))
        .switchIfEmpty(Mono.defer(() -> store.pending(entryId)));
  }

  @Override
  public Mono<LedgerEntry> awaitSealed(String entryId, Duration timeout) {
    return Mono.defer(() -> store.blockWithEntry(entryId))
        .mapNotNull(block -> block.entries().stream().filter(e -> e.id().equals(entryId)).findFirst().orElse(null))
        .repeatWhenEmpty(attempts -> attempts.delayElements(SEALED_POLL))
        .timeout(timeout);
  }

  @Override
  public Flux<LedgerEntry> entriesForReport(String reportId) {
    // Pending first, then blocks: the sealer inserts a block before it removes the block's entries from pending, so
    // an entry pending at the first read is in that read or, sealed since, in the second. Read the other way round,
    // an entry sealed between the two reads would be in neither. One read in both places is shown once.
    return store.pendingForReport(reportId, null).collectList()
        .flatMapMany(pending -> store.blocksForReport(reportId, null)
            .concatMapIterable(Block::entries)
            .filter(entry -> reportId.equals(entry.reportId()))
            .collectList()
            .flatMapIterable(sealed -> {
              Set<String> sealedIds = sealed.stream().map(LedgerEntry::id).collect(Collectors.toSet());
              List<LedgerEntry> all = new ArrayList<>(sealed);
              pending.stream().filter(entry -> !sealedIds.contains(entry.id())).forEach(all::add);
              return all;
            }));
  }

}
