package org.medledger.reportchain.chunking;

import java.util.ArrayList;
import java.util.List;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Cuts a stream of byte buffers of any sizes into {@link PlainChunk}s of exactly {@code chunkSize} bytes (the last
 * one may be shorter), numbered from 0, with the final flag set on the last one.
 *
 * <p>The final flag needs one chunk of lookahead: a full chunk is held back until either another byte arrives
 * (then it is not the last) or the input completes (then it is). So at most two chunk buffers are held here: the
 * one being filled and the one held back. Input buffers are copied and released at once; demand is passed
 * upstream in small batches ({@value #PREFETCH} buffers), so a slow consumer slows the producer (back-pressure)
 * instead of filling memory.
 *
 * <p>Errors: {@link UploadTooLargeException} as soon as the input passes {@code maxSize} bytes;
 * {@link EmptyUploadException} if it completes without a byte. On error or cancellation every buffer held is
 * wiped and released.
 */
public final class Rechunker {

    /** Input buffers requested ahead from upstream. */
    static final int PREFETCH = 4;

    private Rechunker() {
    }

    /**
     * @param input the upload's bytes, e.g. a multipart file part's content
     * @param chunkSize bytes per chunk, at least 1
     * @param maxSize largest accepted total, in bytes
     * @param memory counts the chunk buffers
     */
    public static Flux<PlainChunk> rechunk(Flux<DataBuffer> input, int chunkSize, long maxSize, ChunkMemory memory) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunk size must be positive");
        }
        return Flux.defer(() -> {
            State state = new State(chunkSize, maxSize, memory);
            return input
                    .concatMapIterable(state::accept, PREFETCH)
                    .concatWith(Mono.fromCallable(state::finish).flatMapIterable(chunks -> chunks))
                    .doOnDiscard(PlainChunk.class, chunk -> memory.release(chunk.buffer(), true))
                    .doOnDiscard(DataBuffer.class, DataBufferUtils::release)
                    .doFinally(signal -> state.releaseHeld());
        });
    }

    /**
     * The rechunking state of one upload. Reactor delivers its signals serially, but a cancellation may arrive on
     * another thread while a buffer is being copied: the methods are synchronized so the release cannot overlap.
     */
    private static final class State {

        private final int chunkSize;
        private final long maxSize;
        private final ChunkMemory memory;
        private byte[] filling;
        private int filled;
        private byte[] held;
        private long nextIndex;
        private long total;

        State(int chunkSize, long maxSize, ChunkMemory memory) {
            this.chunkSize = chunkSize;
            this.maxSize = maxSize;
            this.memory = memory;
        }

        /**
         * Releases {@code buffer} once copied. Not when this throws: the operator then discards the buffer, and the
         * discard hook releases it (releasing here too would release it twice).
         */
        synchronized List<PlainChunk> accept(DataBuffer buffer) {
            int readable = buffer.readableByteCount();
            total += readable;
            if (total > maxSize) {
                throw new UploadTooLargeException(maxSize);
            }
            List<PlainChunk> out = List.of();
            while (buffer.readableByteCount() > 0) {
                if (held != null) {
                    if (out.isEmpty()) {
                        out = new ArrayList<>(2);
                    }
                    out.add(emit(held, chunkSize, false));
                    held = null;
                }
                if (filling == null) {
                    filling = memory.allocate(chunkSize);
                    filled = 0;
                }
                int take = Math.min(chunkSize - filled, buffer.readableByteCount());
                buffer.read(filling, filled, take);
                filled += take;
                if (filled == chunkSize) {
                    held = filling;
                    filling = null;
                    filled = 0;
                }
            }
            DataBufferUtils.release(buffer);
            return out;
        }

        synchronized List<PlainChunk> finish() {
            if (filling != null && filled > 0) {
                List<PlainChunk> out = new ArrayList<>(2);
                if (held != null) {
                    out.add(emit(held, chunkSize, false));
                    held = null;
                }
                out.add(emit(filling, filled, true));
                filling = null;
                return out;
            }
            if (held != null) {
                PlainChunk last = emit(held, chunkSize, true);
                held = null;
                return List.of(last);
            }
            throw new EmptyUploadException();
        }

        private PlainChunk emit(byte[] buffer, int length, boolean isFinal) {
            return new PlainChunk(nextIndex++, buffer, length, isFinal);
        }

        /** Releases what is still held after an error or cancellation (nothing after a normal finish). */
        synchronized void releaseHeld() {
            memory.release(filling, true);
            memory.release(held, true);
            filling = null;
            held = null;
        }
    }
}
