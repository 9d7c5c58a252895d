package org.medledger.reportchain.storage;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Flux;

/**
 * Cuts an object's body, as it arrives in buffers of any sizes, into the sealed chunks it holds back to back: one
 * array per chunk, of the length the manifest gives. Holds at most the chunk being filled; demand goes upstream a
 * few buffers at a time.
 */
final class ChunkSlicer {

    /** Body buffers requested ahead from the S3 client. */
    private static final int PREFETCH = 4;

    private final int[] lengths;
    private int next;
    private byte[] filling;
    private int filled;

    private ChunkSlicer(int[] lengths) {
        this.lengths = lengths;
    }

    /**
     * @param body exactly the sum of {@code lengths} bytes
     * @param lengths each chunk's length, in order, every one above zero
     */
    static Flux<byte[]> slice(Flux<ByteBuffer> body, int[] lengths) {
        return Flux.defer(() -> body.concatMapIterable(new ChunkSlicer(lengths.clone())::accept, PREFETCH));
    }

    private List<byte[]> accept(ByteBuffer buffer) {
        List<byte[]> done = List.of();
        while (buffer.hasRemaining()) {
            if (filling == null) {
                if (next == lengths.length) {
                    throw new IllegalStateException("the body is longer than its chunks");
                }
                filling = new byte[lengths[next]];
                filled = 0;
            }
            int take = Math.min(filling.length - filled, buffer.remaining());
            buffer.get(filling, filled, take);
            filled += take;
            if (filled == filling.length) {
                if (done.isEmpty()) {
                    done = new ArrayList<>(2);
                }
                done.add(filling);
                filling = null;
                next++;
            }
        }
        return done;
    }
}
