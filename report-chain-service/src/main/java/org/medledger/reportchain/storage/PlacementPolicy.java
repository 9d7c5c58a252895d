package org.medledger.reportchain.storage;

import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;

/**
 * Decides where the sealed chunks of a report are stored and how a verified chunk is read back. The report
 * service sees only this interface; {@link MirrorPlacement} stores every chunk whole in two buckets, and an
 * erasure-coding policy (k data + m parity shards over three or more buckets) can implement the same contract:
 * {@link #write} returns the shard locations, {@link #read} fetches enough shards, reconstructs the chunk and
 * hands it to the verifier.
 *
 * <p>The manifest stores {@link #name()} and the locations; a reader must use the policy that wrote the report.
 */
public interface PlacementPolicy {

    /** The policy's name as recorded in manifests, e.g. {@code mirror}. */
    String name();

    /**
     * Stores one sealed chunk; completes only when every copy the policy requires is durable (acknowledged by its
     * store). On error, some copies may exist: {@code attempted} has received every location whose write was
     * started, before it started, so the caller can {@link #delete} them. The returned Mono terminates only when
     * no write it started is still running (so a delete issued afterwards cannot be overtaken by a late write);
     * a caller that must stop waiting keeps its own handle on it (e.g. {@code toFuture()}) rather than
     * cancelling it.
     *
     * @param sealed the sealed chunk (ciphertext || tag); not retained after the returned Mono terminates
     * @param sha256 its SHA-256, checked by each store on write
     * @param attempted receives each location before its write starts; called from any thread
     * @return the locations of the stored copies
     */
    Mono<List<ChunkLocation>> write(byte[] sealed, byte[] sha256, Consumer<ChunkLocation> attempted);

    /**
     * Reads one chunk from {@code locations}, returning the first copy {@code verifier} accepts together with the
     * copies that failed before it.
     *
     * @param maxLength the longest sealed chunk to accept
     * @throws ChunkUnavailableException (as the Mono's error) if no copy passes
     */
    <T> Mono<VerifiedRead<T>> read(List<ChunkLocation> locations, int maxLength, CopyVerifier<T> verifier);

    /** Deletes the given copies, best effort: completes normally even if some deletes fail. */
    Mono<Void> delete(Collection<ChunkLocation> locations);
}
