package org.medledger.reportchain.storage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The {@code mirror} placement: consecutive sealed chunks of a report are written together, back to back, as one
 * object under one random key, to every store (two buckets, {@code a} and {@code b}, in separate failure domains), in
 * parallel. Chunks are durable only when every store acknowledged their object, so losing or corrupting either
 * bucket loses nothing. A write terminates only once both stores answered (success or failure), never with one
 * request still running. Few large objects rather than one per chunk: each S3 request costs the client and the
 * server far more than its bytes do.
 *
 * <p>A single chunk is read with a ranged GET of its bytes, trying the copies in manifest order (a, then b) and
 * stopping at the first that verifies; a copy that is missing, corrupt or unreadable is reported in
 * {@link VerifiedRead#failures()} and the next copy is read. Only when no copy verifies does the read fail, with
 * every copy's failure. {@link #readAll} streams each object's run of chunks from the first copy in one request and
 * falls back to single-chunk reads for a chunk that fails, or for the rest of a run whose stream broke.
 */
public final class MirrorPlacement implements PlacementPolicy {

    /** The name recorded in manifests. */
    public static final String NAME = "mirror";

    private static final Logger log = LoggerFactory.getLogger(MirrorPlacement.class);
    private static final int DELETE_CONCURRENCY = 8;
    /** Objects streamed at once by {@link #readAll}: the next one starts while the current one is consumed. */
    private static final int OBJECTS_AHEAD = 2;

    private final Map<String, ObjectStore> stores;
    private final List<String> order;

    /** @param stores at least two stores with distinct names; every chunk goes to each */
    public MirrorPlacement(List<ObjectStore> stores) {
        if (stores.size() < 2) {
            throw new IllegalArgumentException("the mirror placement needs at least two stores");
        }
        Map<String, ObjectStore> byName = new LinkedHashMap<>();
        for (ObjectStore store : stores) {
            if (byName.putIfAbsent(store.name(), store) != null) {
                throw new IllegalArgumentException("duplicate store name " + store.name());
            }
        }
        this.stores = Map.copyOf(byName);
        this.order = List.copyOf(byName.keySet());
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The stores, in write order. */
    public List<ObjectStore> stores() {
        return order.stream().map(stores::get).toList();
    }

    @Override
    public Mono<List<List<ChunkLocation>>> write(List<byte[]> sealedChunks, Consumer<ChunkLocation> attempted) {
        return Mono.defer(() -> {
            String key = ObjectKeys.random();
            List<ChunkLocation> objects = new ArrayList<>(order.size());
            List<Mono<Void>> writes = new ArrayList<>(order.size());
            for (String name : order) {
                ObjectStore store = stores.get(name);
                ChunkLocation object = new ChunkLocation(name, store.bucket(), key, 0L);
                objects.add(object);
                writes.add(Mono.defer(() -> {
                    attempted.accept(object);
                    return store.put(key, sealedChunks);
                }));
            }
            // Both writes run to their end even if one fails, so that when this Mono terminates no write of these
            // chunks is still in progress: a caller cleaning up after a failure deletes what really exists.
            return Mono.whenDelayError(writes)
                    .onErrorMap(Exceptions::isMultiple, MirrorPlacement::firstFailure)
                    .then(Mono.fromCallable(() -> chunkLocations(objects, sealedChunks)));
        });
    }

    private static List<List<ChunkLocation>> chunkLocations(List<ChunkLocation> objects, List<byte[]> chunks) {
        List<List<ChunkLocation>> locations = new ArrayList<>(chunks.size());
        long offset = 0;
        for (byte[] chunk : chunks) {
            long at = offset;
            locations.add(objects.stream().map(object -> object.at(at)).toList());
            offset += chunk.length;
        }
        return locations;
    }

    /**
     * When every store failed Reactor joins the failures into a composite, which callers would not recognise as a
     * storage failure: the first one stands for all, the others ride along as suppressed.
     */
    private static Throwable firstFailure(Throwable composite) {
        List<Throwable> failures = Exceptions.unwrapMultiple(composite);
        Throwable first = failures.getFirst();
        failures.stream().skip(1).forEach(first::addSuppressed);
        return first;
    }

    @Override
    public <T> Mono<VerifiedRead<T>> read(ChunkRead<T> chunk) {
        return Mono.defer(() -> readFrom(chunk, 0, new ArrayList<>()));
    }

    private <T> Mono<VerifiedRead<T>> readFrom(ChunkRead<T> chunk, int position, List<CopyFailure> failures) {
        if (position >= chunk.locations().size()) {
            return Mono.error(new ChunkUnavailableException(chunk.index(), failures));
        }
        ChunkLocation location = chunk.locations().get(position);
        return fetch(location, chunk.length())
                // verification is CPU work (hashing, decryption): keep it off the S3 client's I/O threads
                .publishOn(Schedulers.parallel())
                .map(sealed -> new VerifiedRead<>(chunk.index(), verify(chunk, sealed), location, failures))
                .onErrorResume(MirrorPlacement::isCopyFailure, e -> {
                    failures.add(failureOf(location, e));
                    return readFrom(chunk, position + 1, failures);
                });
    }

    private Mono<byte[]> fetch(ChunkLocation location, int length) {
        ObjectStore store = stores.get(location.store());
        if (store == null) {
            return Mono.error(new ObjectStoreException(location.store(), location.key(),
                    "no store of this name is configured", null));
        }
        if (!wellFormed(location)) {
            return Mono.error(new CopyRejected("the manifest names a malformed key or a negative offset"));
        }
        return store.get(location.key(), location.offset(), length);
    }

    private static boolean wellFormed(ChunkLocation location) {
        return ObjectKeys.isValid(location.key()) && location.offset() >= 0;
    }

    private static <T> T verify(ChunkRead<T> chunk, byte[] sealed) {
        try {
            return chunk.verifier().verify(sealed);
        } catch (RuntimeException e) {
            throw new CopyRejected(e.getMessage());
        }
    }

    @Override
    public <T> Flux<VerifiedRead<T>> readAll(List<ChunkRead<T>> chunks, int readAhead) {
        // Half the read-ahead verifies chunks of the object being sent, half those of the next object.
        int perObject = Math.max(1, readAhead / OBJECTS_AHEAD);
        return Flux.defer(() -> Flux.fromIterable(runs(chunks)))
                .flatMapSequential(run -> run.streamable() ? stream(run.chunks(), perObject)
                        : Flux.fromIterable(run.chunks()).flatMapSequential(this::read, perObject, 1),
                        OBJECTS_AHEAD, 1);
    }

    /** Consecutive chunks whose first copies lie back to back in one object, read with one request. */
    private record Run<T>(List<ChunkRead<T>> chunks, boolean streamable) {
    }

    private <T> List<Run<T>> runs(List<ChunkRead<T>> chunks) {
        List<Run<T>> runs = new ArrayList<>();
        List<ChunkRead<T>> current = null;
        long nextOffset = -1;
        ChunkLocation previous = null;
        for (ChunkRead<T> chunk : chunks) {
            ChunkLocation first = chunk.locations().isEmpty() ? null : chunk.locations().getFirst();
            if (first == null || !stores.containsKey(first.store()) || !wellFormed(first)) {
                runs.add(new Run<>(List.of(chunk), false));
                current = null;
                continue;
            }
            if (current == null || !first.sameObject(previous) || first.offset() != nextOffset) {
                current = new ArrayList<>();
                runs.add(new Run<>(current, true));
            }
            current.add(chunk);
            previous = first;
            nextOffset = first.offset() + chunk.length();
        }
        return runs;
    }

    /**
     * Streams a run from its first copies, cutting the body into chunks and verifying each. A chunk that fails is
     * read from its other copies; if the stream breaks (or never starts), every chunk not yet emitted is read alone.
     */
    private <T> Flux<VerifiedRead<T>> stream(List<ChunkRead<T>> run, int concurrency) {
        ChunkLocation start = run.getFirst().locations().getFirst();
        int[] lengths = run.stream().mapToInt(ChunkRead::length).toArray();
        long total = run.stream().mapToLong(ChunkRead::length).sum();
        AtomicInteger emitted = new AtomicInteger();
        return ChunkSlicer.slice(stores.get(start.store()).stream(start.key(), start.offset(), total), lengths)
                .index()
                .flatMapSequential(slice -> verifyStreamed(run.get(slice.getT1().intValue()), slice.getT2()),
                        concurrency, 1)
                .doOnNext(read -> emitted.incrementAndGet())
                .onErrorResume(e -> e instanceof ObjectStoreException, e -> {
                    log.debug("Streaming read of {} chunks from store {} broke off: {}", run.size(), start.store(),
                            e.getMessage());
                    return Flux.fromIterable(List.copyOf(run.subList(emitted.get(), run.size())))
                            .flatMapSequential(this::read, concurrency, 1);
                });
    }

    private <T> Mono<VerifiedRead<T>> verifyStreamed(ChunkRead<T> chunk, byte[] sealed) {
        ChunkLocation first = chunk.locations().getFirst();
        return Mono.fromCallable(() -> new VerifiedRead<>(chunk.index(), verify(chunk, sealed), first, List.of()))
                .subscribeOn(Schedulers.parallel())
                .onErrorResume(CopyRejected.class, e -> {
                    List<CopyFailure> failures = new ArrayList<>();
                    failures.add(failureOf(first, e));
                    return readFrom(chunk, 1, failures);
                });
    }

    private static boolean isCopyFailure(Throwable e) {
        return e instanceof ObjectStoreException || e instanceof CopyRejected;
    }

    private static CopyFailure failureOf(ChunkLocation location, Throwable e) {
        if (e instanceof ObjectMissingException) {
            return new CopyFailure(location, CopyFailure.Kind.MISSING, "object not found");
        }
        if (e instanceof CopyRejected || e instanceof ObjectTruncatedException) {
            return new CopyFailure(location, CopyFailure.Kind.CORRUPT, e instanceof CopyRejected rejected
                    ? rejected.getMessage() : "object ends before the chunk does");
        }
        return new CopyFailure(location, CopyFailure.Kind.UNREADABLE, e.getMessage());
    }

    @Override
    public Mono<Void> delete(Collection<ChunkLocation> locations) {
        return Flux.fromIterable(List.copyOf(locations))
                .map(location -> location.at(0))
                .distinct()
                .flatMap(location -> {
                    ObjectStore store = stores.get(location.store());
                    if (store == null) {
                        return Mono.empty();
                    }
                    return store.delete(location.key()).onErrorResume(e -> {
                        log.warn("Could not delete an orphan chunk object from store {}: {}", location.store(),
                                e.getMessage());
                        return Mono.empty();
                    });
                }, DELETE_CONCURRENCY)
                .then();
    }

    @Override
    public String toString() {
        return "MirrorPlacement" + order;
    }

    /** A copy was read but the verifier refused it. */
    private static final class CopyRejected extends RuntimeException {

        private static final long serialVersionUID = 1L;

        CopyRejected(String reason) {
            super(reason == null ? "verification failed" : reason, null, false, false);
        }
    }
}
