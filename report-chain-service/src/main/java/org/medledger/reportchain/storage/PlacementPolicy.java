package org.medledger.reportchain.storage;

import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Decides where the sealed chunks of a report are stored and how verified chunks are read back. The report
 * service sees only this interface; {@link MirrorPlacement} stores consecutive chunks together in one object, whole,
 * in two buckets, and an erasure-coding policy (k data + m parity shards over three or more buckets) can implement
 * the same contract: {@link #write} returns the shard locations, {@link #read} fetches enough shards, reconstructs
 * the chunk and hands it to the verifier.
 *
 * <p>The manifest stores {@link #name()} and the locations; a reader must use the policy that wrote the report.
 */
public interface PlacementPolicy {

    /** The policy's name as recorded in manifests, e.g. {@code mirror}. */
    String name();

    /**
     * Stores consecutive sealed chunks of one report; completes only when every copy the policy requires is durable
     * (acknowledged by its store). On error, some copies may exist: {@code attempted} has received every object
     * whose write was started, before it started, so the caller can {@link #delete} them. The returned Mono
     * terminates only when no write it started is still running (so a delete issued afterwards cannot be overtaken
     * by a late write); a caller that must stop waiting keeps its own handle on it (e.g. {@code toFuture()}) rather
     * than cancelling it.
     *
     * @param sealedChunks the sealed chunks (ciphertext || tag), in order; not retained after the returned Mono
     *     terminates
     * @param attempted receives each object's location (offset 0) before its write starts; called from any thread
     * @return for each chunk, in order, the locations of its copies
     */
    Mono<List<List<ChunkLocation>>> write(List<byte[]> sealedChunks, Consumer<ChunkLocation> attempted);

    /**
     * Reads one chunk, returning the first copy its verifier accepts together with the copies that failed before it.
     *
     * @throws ChunkUnavailableException (as the Mono's error) if no copy passes
     */
    <T> Mono<VerifiedRead<T>> read(ChunkRead<T> chunk);

    /**
     * Reads chunks in order, as {@link #read} would one by one, but with as few requests as the layout allows.
     * Verified chunks are emitted in order, up to {@code readAhead} of them fetched and verified ahead of demand.
     * Each chunk is still verified alone before it is emitted, and a chunk whose copy fails is read from its other
     * copies.
     *
     * @return errors: {@link ChunkUnavailableException} for the first chunk with no copy that passes, after every
     *     chunk before it was emitted
     */
    <T> Flux<VerifiedRead<T>> readAll(List<ChunkRead<T>> chunks, int readAhead);

    /** Deletes the objects holding the given copies, best effort: completes normally even if some deletes fail. */
    Mono<Void> delete(Collection<ChunkLocation> locations);
}
