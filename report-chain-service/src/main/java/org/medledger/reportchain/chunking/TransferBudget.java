package org.medledger.reportchain.chunking;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The heap that report transfers may hold at once, service-wide. Each upload and download reserves what it can hold
 * at most before it starts and gives it back when it ends; a transfer that does not fit is refused, so many
 * concurrent transfers slow nobody down to an {@code OutOfMemoryError} that would end them all.
 *
 * <p>{@link ChunkMemory} counts what transfers actually hold; this bounds what they may hold. Thread-safe.
 */
public final class TransferBudget {

    private final long limit;
    private final AtomicLong reserved = new AtomicLong();

    /** @param limit bytes all transfers together may reserve; positive */
    public TransferBudget(long limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("the transfer budget must be positive, was " + limit);
        }
        this.limit = limit;
    }

    /**
     * Reserves {@code bytes} if they fit beside every transfer already admitted. A transfer needing more than the
     * whole budget reserves the whole budget, so it still runs, alone.
     *
     * @return the reservation, to {@link Reservation#close() close} when the transfer ends; empty if it does not fit
     */
    public Optional<Reservation> tryReserve(long bytes) {
        long wanted = Math.clamp(bytes, 0, limit);
        long now;
        do {
            now = reserved.get();
            if (now + wanted > limit) {
                return Optional.empty();
            }
        } while (!reserved.compareAndSet(now, now + wanted));
        return Optional.of(new Reservation(wanted));
    }

    /** Bytes reserved by running transfers. */
    public long reservedBytes() {
        return reserved.get();
    }

    /** Bytes all transfers together may reserve. */
    public long limitBytes() {
        return limit;
    }

    /** One transfer's share of the budget. Closing it more than once gives it back once. */
    public final class Reservation implements AutoCloseable {

        private long bytes;
        private boolean closed;

        private Reservation(long bytes) {
            this.bytes = bytes;
        }

        /**
         * Changes the reservation to {@code newBytes} once the transfer knows its real need (a download learns its
         * report's size after it is admitted). Never refused, as the transfer is already admitted: a larger need may
         * take the budget past its limit until this transfer ends.
         */
        public synchronized void resize(long newBytes) {
            if (closed) {
                return;
            }
            long wanted = Math.clamp(newBytes, 0, limit);
            reserved.addAndGet(wanted - bytes);
            bytes = wanted;
        }

        /** Bytes this transfer holds in the budget. */
        public synchronized long bytes() {
            return closed ? 0 : bytes;
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                reserved.addAndGet(-bytes);
            }
        }
    }
}
