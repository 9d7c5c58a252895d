package org.medledger.reportchain.testing;

import io.netty.buffer.UnpooledByteBufAllocator;
import java.security.MessageDigest;
import java.util.List;
import java.util.SplittableRandom;
import org.medledger.reportchain.chain.Sha256;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.core.io.buffer.NettyDataBuffer;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import reactor.core.publisher.Flux;

/**
 * Deterministic pseudo-random test files: the same seed and size always give the same bytes, as one array (small
 * files) or generated on the fly as a stream of buffers (large files, never held whole).
 */
public final class TestData {

    private static final NettyDataBufferFactory NETTY_BUFFERS = new NettyDataBufferFactory(UnpooledByteBufAllocator.DEFAULT);

    private static final int BUFFER = 64 * 1024;

    private TestData() {
    }

    /** {@code size} bytes for {@code seed}. */
    public static byte[] bytes(long seed, int size) {
        byte[] out = new byte[size];
        fill(new SplittableRandom(seed), out, 0, size);
        return out;
    }

    /** The same bytes as {@link #bytes}, generated lazily in 64 KiB buffers. */
    public static Flux<DataBuffer> stream(long seed, long size) {
        return Flux.generate(() -> new State(new SplittableRandom(seed), size), (state, sink) -> {
            if (state.remaining == 0) {
                sink.complete();
                return state;
            }
            int n = (int) Math.min(BUFFER, state.remaining);
            byte[] chunk = new byte[n];
            fill(state.random, chunk, 0, n);
            state.remaining -= n;
            sink.next(DefaultDataBufferFactory.sharedInstance.wrap(chunk));
            return state;
        });
    }

    /** SHA-256 of the stream of {@code seed} and {@code size}, computed without holding it. */
    public static byte[] sha256(long seed, long size) {
        MessageDigest digest = Sha256.newDigest();
        SplittableRandom random = new SplittableRandom(seed);
        byte[] chunk = new byte[BUFFER];
        long remaining = size;
        while (remaining > 0) {
            int n = (int) Math.min(BUFFER, remaining);
            fill(random, chunk, 0, n);
            digest.update(chunk, 0, n);
            remaining -= n;
        }
        return digest.digest();
    }

    /**
     * Fills with 8 bytes per draw, so the bytes do not depend on how the file is cut into buffers as long as buffers
     * are multiples of 8 (64 KiB buffers; arrays of any size start at a draw boundary).
     */
    private static void fill(SplittableRandom random, byte[] out, int from, int to) {
        int i = from;
        while (i < to) {
            long value = random.nextLong();
            for (int b = 0; b < 8 && i < to; b++, i++) {
                out[i] = (byte) (value >>> (8 * b));
            }
        }
    }

    private static final class State {
        final SplittableRandom random;
        long remaining;

        State(SplittableRandom random, long remaining) {
            this.random = random;
            this.remaining = remaining;
        }
    }

    /**
     * {@code data} as a server hands a request body on: buffers of {@code pieceSize} bytes (the last may be shorter),
     * each carrying two references (Reactor Netty keeps one and releases it after handing the buffer on), recorded
     * in {@code issued}. A consumer must release exactly its own: afterwards a buffer's count is 1, and a second
     * release shows as 0.
     */
    public static Flux<DataBuffer> requestBody(byte[] data, int pieceSize, List<NettyDataBuffer> issued) {
        return Flux.range(0, (data.length + pieceSize - 1) / pieceSize).map(i -> {
            int from = i * pieceSize;
            NettyDataBuffer buffer = NETTY_BUFFERS.allocateBuffer(pieceSize);
            buffer.write(data, from, Math.min(pieceSize, data.length - from));
            buffer.getNativeBuffer().retain();
            issued.add(buffer);
            return buffer;
        });
    }
}
