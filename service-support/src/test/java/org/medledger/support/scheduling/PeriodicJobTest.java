package org.medledger.support.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class PeriodicJobTest {

    private PeriodicJob job;

    @AfterEach
    void stop() {
        if (job != null) {
            job.stop();
        }
    }

    private static PeriodicJob every(Duration interval, Supplier<Mono<?>> run) {
        return new PeriodicJob("Test job", Duration.ZERO, interval) {
            @Override
            protected Mono<?> runOnce() {
                return run.get();
            }
        };
    }

    @Test
    void runsAgainAfterAFailedRun() {
        AtomicInteger runs = new AtomicInteger();
        job = every(Duration.ofMillis(20), () -> runs.incrementAndGet() % 2 == 1
                ? Mono.error(new IllegalStateException("boom"))
                : Mono.just(1));

        job.start();

        await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() >= 4);
        assertThat(job.isRunning()).isTrue();
    }

    @Test
    void neverRunsTwiceAtOnce_aSlowRunDelaysTheNext() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        AtomicInteger runs = new AtomicInteger();
        job = every(Duration.ofMillis(5), () -> Mono.fromRunnable(() -> {
                    mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                    runs.incrementAndGet();
                })
                .then(Mono.delay(Duration.ofMillis(40)))
                .doFinally(signal -> running.decrementAndGet()));

        job.start();

        await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() >= 4);
        assertThat(mostAtOnce.get()).isEqualTo(1);
    }

    @Test
    void stop_endsTheRuns() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        job = every(Duration.ofMillis(10), () -> Mono.fromRunnable(runs::incrementAndGet));
        job.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() >= 2);

        job.stop();
        int afterStop = runs.get();
        Thread.sleep(100);

        assertThat(job.isRunning()).isFalse();
        assertThat(runs.get()).isLessThanOrEqualTo(afterStop + 1);
    }

    @Test
    void zeroInterval_switchesTheJobOff() {
        AtomicInteger runs = new AtomicInteger();
        job = every(Duration.ZERO, () -> Mono.fromRunnable(runs::incrementAndGet));

        job.start();

        assertThat(job.isRunning()).isFalse();
        assertThat(runs.get()).isZero();
    }
}
