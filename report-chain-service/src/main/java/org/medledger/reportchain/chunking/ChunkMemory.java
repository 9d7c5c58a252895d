package org.medledger.reportchain.chunking;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Allocates and counts the chunk buffers (plaintext and sealed) that uploads and downloads hold, service-wide.
 * The count is what makes the streaming bound checkable: an upload never holds more than about
 * {@code 2 × chunks-per-object + 4} chunks, whatever the size of the file. Exposed as a gauge and asserted in tests.
 *
 * <p>Buffers are plain heap arrays: 1 MiB arrays are cheap for the garbage collector to reclaim, and a pool would
 * have to guess when the S3 client no longer reads a buffer it was given. Thread-safe.
 */
public final class ChunkMemory {

    private final AtomicLong inUse = new AtomicLong();
    private final AtomicLong highWater = new AtomicLong();

    /** A new zeroed buffer of {@code length} bytes, counted until {@link #release released}. */
    public byte[] allocate(int length) {
        long now = inUse.addAndGet(length);
        highWater.accumulateAndGet(now, Math::max);
        return new byte[length];
    }

    /** Stops counting {@code buffer}; zeroes it first when it held plaintext. */
    public void release(byte[] buffer, boolean wipe) {
        if (buffer == null) {
            return;
        }
        if (wipe) {
            Arrays.fill(buffer, (byte) 0);
        }
        inUse.addAndGet(-buffer.length);
    }

    /** Bytes of chunk buffers held right now. */
    public long inUseBytes() {
        return inUse.get();
    }

    /** The most bytes held at once since start or the last {@link #resetHighWater()}. */
    public long highWaterBytes() {
        return highWater.get();
    }

    /** Starts a new high-water measurement from the current use. */
    public void resetHighWater() {
        highWater.set(inUse.get());
    }
}
