package org.medledger.reportchain.chunking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TransferBudgetTest {

    @Test
    void reservations_admittedWhileTheyFit_refusedBeyondTheLimit() {
        TransferBudget budget = new TransferBudget(100);

        var first = budget.tryReserve(60);
        var second = budget.tryReserve(40);
        var third = budget.tryReserve(1);

        assertThat(first).isPresent();
        assertThat(second).isPresent();
        assertThat(third).isEmpty();
        assertThat(budget.reservedBytes()).isEqualTo(100);
        first.get().close();
        assertThat(budget.tryReserve(60)).isPresent();
    }

    @Test
    void needLargerThanTheWholeBudget_takesTheWholeBudget_soItRunsAlone() {
        TransferBudget budget = new TransferBudget(100);

        var big = budget.tryReserve(1_000).orElseThrow();

        assertThat(big.bytes()).isEqualTo(100);
        assertThat(budget.tryReserve(1)).isEmpty();
        big.close();
        assertThat(budget.reservedBytes()).isZero();
    }

    @Test
    void closingTwice_givesTheBytesBackOnce() {
        TransferBudget budget = new TransferBudget(100);
        var other = budget.tryReserve(30).orElseThrow();
        var reservation = budget.tryReserve(50).orElseThrow();

        reservation.close();
        reservation.close();

        assertThat(budget.reservedBytes()).isEqualTo(30);
        assertThat(reservation.bytes()).isZero();
        other.close();
        assertThat(budget.reservedBytes()).isZero();
    }

    @Test
    void resize_isNeverRefused_andTheNewSizeIsWhatCloseGivesBack() {
        TransferBudget budget = new TransferBudget(100);
        var other = budget.tryReserve(50).orElseThrow();
        var admitted = budget.tryReserve(50).orElseThrow();

        admitted.resize(80);
        assertThat(budget.reservedBytes()).isEqualTo(130);
        assertThat(budget.tryReserve(1)).isEmpty();

        admitted.resize(10);
        assertThat(budget.reservedBytes()).isEqualTo(60);
        admitted.close();
        admitted.resize(70);
        assertThat(budget.reservedBytes()).isEqualTo(50);
        other.close();
        assertThat(budget.reservedBytes()).isZero();
    }

    @Test
    void limitMustBePositive() {
        assertThatThrownBy(() -> new TransferBudget(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void concurrentTransfers_neverReserveMoreThanTheLimit_andAllGiveBack() throws Exception {
        TransferBudget budget = new TransferBudget(1_000);
        AtomicLong highest = new AtomicLong();
        AtomicLong admitted = new AtomicLong();
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Runnable> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long need = 100 + 37L * t;
            work.add(() -> {
                try {
                    start.await();
                    for (int i = 0; i < 20_000; i++) {
                        budget.tryReserve(need).ifPresent(reservation -> {
                            admitted.incrementAndGet();
                            highest.accumulateAndGet(budget.reservedBytes(), Math::max);
                            reservation.close();
                        });
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            });
        }
        work.forEach(pool::execute);
        start.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();

        assertThat(errors).isEmpty();
        assertThat(admitted.get()).isPositive();
        assertThat(highest.get()).isLessThanOrEqualTo(1_000);
        assertThat(budget.reservedBytes()).isZero();
    }
}
