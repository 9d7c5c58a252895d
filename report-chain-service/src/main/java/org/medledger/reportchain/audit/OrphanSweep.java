package org.medledger.reportchain.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.bson.Document;
import org.medledger.reportchain.report.Report;
import org.medledger.reportchain.storage.ObjectKeys;
import org.medledger.reportchain.storage.ObjectStore;
import org.medledger.reportchain.storage.StoredObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Deletes chunk objects that no manifest references: what an upload leaves behind when the service dies before it
 * writes the manifest (a failed upload that the service survives deletes its own chunks).
 *
 * <p>For each store the bucket is listed under the chunk prefix, page by page; an object is a candidate only if its
 * key has the chunk key format ({@link ObjectKeys#isValid}: nothing else in the bucket is ever touched) and it is
 * older than the grace age (an upload writes its manifest only after its last chunk, so a younger chunk may belong
 * to an upload still running). Candidates are looked up in MongoDB a batch at a time ({@code $in} on the indexed
 * {@code chunks.locations.key}); each one no manifest references is looked up once more, alone, right before it is
 * deleted, so an upload that finished during the sweep keeps its chunks. Deleting a missing object succeeds, so
 * sweeps running at the same time in several instances are safe: they only repeat each other's deletes.
 *
 * <p>A key referenced by any manifest, for any store, is kept. If MongoDB cannot answer, the sweep of that store
 * stops without deleting anything more. Logs carry counts only.
 */
public class OrphanSweep {

    private static final Logger log = LoggerFactory.getLogger(OrphanSweep.class);
    private static final String KEY_PATH = "chunks.locations.key";

    private final ReactiveMongoTemplate mongo;
    private final List<ObjectStore> stores;
    private final AuditProperties.OrphanSweep settings;
    private final Clock clock;
    private final Map<String, Counter> scanned;
    private final Map<String, Counter> deleted;
    private final AtomicBoolean running = new AtomicBoolean();

    OrphanSweep(ReactiveMongoTemplate mongo, List<ObjectStore> stores, AuditProperties.OrphanSweep settings,
            Clock clock, MeterRegistry meters) {
        this.mongo = mongo;
        this.stores = List.copyOf(stores);
        this.settings = settings;
        this.clock = clock;
        this.scanned = this.stores.stream().collect(Collectors.toUnmodifiableMap(ObjectStore::name,
                store -> Counter.builder("medledger.audit.orphans.scanned")
                        .description("Chunk objects listed by the orphan sweep").tag("store", store.name())
                        .register(meters)));
        this.deleted = this.stores.stream().collect(Collectors.toUnmodifiableMap(ObjectStore::name,
                store -> Counter.builder("medledger.audit.orphans.deleted")
                        .description("Chunk objects the orphan sweep deleted (no manifest references them)")
                        .tag("store", store.name()).register(meters)));
    }

    /**
     * What one sweep did in one store.
     *
     * @param store the store name
     * @param scanned objects listed under the chunk prefix
     * @param foreign objects whose key is not a chunk key (never deleted)
     * @param young chunk objects younger than the grace age (kept)
     * @param deleted unreferenced chunk objects deleted
     * @param spared chunk objects unreferenced at the batch lookup but referenced at the re-check (an upload
     *     finished meanwhile)
     * @param failed deletes that failed (tried again by the next sweep)
     * @param complete whether the whole bucket was listed and looked up; false if the store or MongoDB failed
     */
    public record StoreResult(String store, long scanned, long foreign, long young, long deleted, long spared,
            long failed, boolean complete) {
    }

    /** What one sweep did, store by store. */
    public record Result(List<StoreResult> stores) {

        public long deleted() {
            return stores.stream().mapToLong(StoreResult::deleted).sum();
        }

        public long scanned() {
            return stores.stream().mapToLong(StoreResult::scanned).sum();
        }
    }

    /**
     * Sweeps every store, one after the other. Completes empty if a sweep is already running in this instance.
     */
    public Mono<Result> sweep() {
        return Mono.defer(() -> {
            if (!running.compareAndSet(false, true)) {
                return Mono.empty();
            }
            Instant cutoff = clock.instant().minus(settings.graceAge());
            return Flux.fromIterable(stores)
                    .concatMap(store -> sweep(store, cutoff))
                    .collectList()
                    .map(Result::new)
                    .doOnNext(OrphanSweep::logResult)
                    .doFinally(signal -> running.set(false));
        });
    }

    private Mono<StoreResult> sweep(ObjectStore store, Instant cutoff) {
        Tally tally = new Tally();
        Counter scannedCounter = scanned.get(store.name());
        return store.list(ObjectKeys.PREFIX)
                .doOnNext(object -> {
                    tally.scanned.incrementAndGet();
                    scannedCounter.increment();
                })
                .filter(object -> {
                    if (!ObjectKeys.isValid(object.key())) {
                        tally.foreign.incrementAndGet();
                        return false;
                    }
                    if (!object.lastModified().isBefore(cutoff)) {
                        tally.young.incrementAndGet();
                        return false;
                    }
                    return true;
                })
                .map(StoredObject::key)
                .buffer(settings.batchSize())
                // one batch at a time: the listing advances only as fast as the lookups and deletes
                .concatMap(keys -> unreferenced(keys)
                        .flatMapMany(Flux::fromIterable)
                        .flatMap(key -> deleteIfStillUnreferenced(store, key, tally), settings.deleteConcurrency())
                        .then(), 1)
                .then(Mono.fromSupplier(() -> tally.result(store.name(), true)))
                .onErrorResume(e -> {
                    log.warn("Orphan sweep of store {} stopped early: {}", store.name(),
                            e.getClass().getSimpleName());
                    return Mono.just(tally.result(store.name(), false));
                });
    }

    /** The keys of {@code keys} that no manifest references, in listing order. */
    private Mono<List<String>> unreferenced(List<String> keys) {
        Query query = Query.query(Criteria.where(KEY_PATH).in(keys));
        query.fields().include(KEY_PATH);
        return mongo.find(query, Document.class, Report.COLLECTION)
                .collect(() -> new HashSet<String>(), (referenced, manifest) -> collectKeys(manifest, referenced))
                .map(referenced -> keys.stream().filter(key -> !referenced.contains(key)).toList());
    }

    private static void collectKeys(Document manifest, Set<String> into) {
        for (Document chunk : manifest.getList("chunks", Document.class, List.of())) {
            for (Document location : chunk.getList("locations", Document.class, List.of())) {
                String key = location.getString("key");
                if (key != null) {
                    into.add(key);
                }
            }
        }
    }

    private Mono<Void> deleteIfStillUnreferenced(ObjectStore store, String key, Tally tally) {
        return mongo.exists(Query.query(Criteria.where(KEY_PATH).is(key)), Report.COLLECTION)
                .flatMap(referenced -> {
                    if (referenced) {
                        tally.spared.incrementAndGet();
                        return Mono.empty();
                    }
                    return store.delete(key)
                            .doOnSuccess(done -> {
                                tally.deleted.incrementAndGet();
                                deleted.get(store.name()).increment();
                            })
                            .onErrorResume(e -> {
                                tally.failed.incrementAndGet();
                                return Mono.empty();
                            });
                });
    }

    private static void logResult(Result result) {
        for (StoreResult store : result.stores()) {
            log.info("Orphan sweep of store {}{}: {} objects scanned, {} orphans deleted, {} young kept, "
                            + "{} spared by the re-check, {} foreign keys ignored, {} deletes failed",
                    store.store(), store.complete() ? "" : " (incomplete)", store.scanned(), store.deleted(),
                    store.young(), store.spared(), store.foreign(), store.failed());
        }
    }

    private static final class Tally {
        final AtomicLong scanned = new AtomicLong();
        final AtomicLong foreign = new AtomicLong();
        final AtomicLong young = new AtomicLong();
        final AtomicLong deleted = new AtomicLong();
        final AtomicLong spared = new AtomicLong();
        final AtomicLong failed = new AtomicLong();

        StoreResult result(String store, boolean complete) {
            return new StoreResult(store, scanned.get(), foreign.get(), young.get(), deleted.get(), spared.get(),
                    failed.get(), complete);
        }
    }
}
