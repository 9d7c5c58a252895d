package org.medledger.reportchain.storage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The {@code mirror} placement: every sealed chunk is written whole, under one random key, to every store
 * (two buckets, {@code a} and {@code b}, in separate failure domains), in parallel. A chunk is durable only when
 * every store acknowledged it, so losing or corrupting either bucket loses nothing. A write terminates only once
 * both stores answered (success or failure), never with one request still running.
 *
 * <p>Reads try the copies in manifest order (a, then b) and stop at the first that verifies; a copy that is
 * missing, corrupt or unreadable is reported in {@link VerifiedRead#failures()} and the next copy is read. Only
 * when no copy verifies does the read fail, with every copy's failure.
 */
public final class MirrorPlacement implements PlacementPolicy {

    /** The name recorded in manifests. */
    public static final String NAME = "mirror";

    private static final Logger log = LoggerFactory.getLogger(MirrorPlacement.class);
    private static final int DELETE_CONCURRENCY = 8;

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
    public Mono<List<ChunkLocation>> write(byte[] sealed, byte[] sha256, Consumer<ChunkLocation> attempted) {
        return Mono.defer(() -> {
            String key = ObjectKeys.random();
            List<ChunkLocation> locations = new ArrayList<>(order.size());
            List<Mono<Void>> writes = new ArrayList<>(order.size());
            for (String name : order) {
                ObjectStore store = stores.get(name);
                ChunkLocation location = new ChunkLocation(name, store.bucket(), key);
                locations.add(location);
                writes.add(Mono.defer(() -> {
                    attempted.accept(location);
                    return store.put(key, sealed, sha256);
                }));
            }
            // Both writes run to their end even if one fails, so that when this Mono terminates no write of this
            // chunk is still in progress: a caller cleaning up after a failure deletes what really exists.
            return Mono.whenDelayError(writes)
                    .onErrorMap(Exceptions::isMultiple, MirrorPlacement::firstFailure)
                    .thenReturn(List.copyOf(locations));
        });
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
    public <T> Mono<VerifiedRead<T>> read(List<ChunkLocation> locations, int maxLength, CopyVerifier<T> verifier) {
        return Mono.defer(() -> readFrom(locations, 0, maxLength, verifier, new ArrayList<>()));
    }

    private <T> Mono<VerifiedRead<T>> readFrom(List<ChunkLocation> locations, int position, int maxLength,
            CopyVerifier<T> verifier, List<CopyFailure> failures) {
        if (position >= locations.size()) {
            return Mono.error(new ChunkUnavailableException(failures));
        }
        ChunkLocation location = locations.get(position);
        ObjectStore store = stores.get(location.store());
        Mono<T> attempt;
        if (store == null) {
            attempt = Mono.error(new ObjectStoreException(location.store(), location.key(),
                    "no store of this name is configured", null));
        } else if (!ObjectKeys.isValid(location.key())) {
            attempt = Mono.error(new CopyRejected("the manifest names a malformed key"));
        } else {
            attempt = store.get(location.key(), maxLength)
                    // verification is CPU work (hashing, decryption): keep it off the S3 client's I/O threads
                    .publishOn(Schedulers.parallel())
                    .map(sealed -> {
                        try {
                            return verifier.verify(sealed);
                        } catch (RuntimeException e) {
                            throw new CopyRejected(e.getMessage());
                        }
                    });
        }
        return attempt
                .map(value -> new VerifiedRead<>(value, location, failures))
                .onErrorResume(e -> isCopyFailure(e), e -> {
                    failures.add(failureOf(location, e));
                    return readFrom(locations, position + 1, maxLength, verifier, failures);
                });
    }

    private static boolean isCopyFailure(Throwable e) {
        return e instanceof ObjectStoreException || e instanceof CopyRejected;
    }

    private static CopyFailure failureOf(ChunkLocation location, Throwable e) {
        if (e instanceof ObjectMissingException) {
            return new CopyFailure(location, CopyFailure.Kind.MISSING, "object not found");
        }
        if (e instanceof CopyRejected rejected) {
            return new CopyFailure(location, CopyFailure.Kind.CORRUPT, rejected.getMessage());
        }
        return new CopyFailure(location, CopyFailure.Kind.UNREADABLE, e.getMessage());
    }

    @Override
    public Mono<Void> delete(Collection<ChunkLocation> locations) {
        return Flux.fromIterable(List.copyOf(locations))
                .distinct()
                .flatMap(location -> {
                    ObjectStore store = stores.get(location.store());
                    if (store == null) {
                        return Mono.empty();
                    }
                    return store.delete(location.key()).onErrorResume(e -> {
                        log.warn("Could not delete an orphan chunk copy from store {}: {}", location.store(),
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
