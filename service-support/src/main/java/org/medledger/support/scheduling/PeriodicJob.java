package org.medledger.support.scheduling;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A background job that runs every {@code interval} while the application runs (the services' sweeps and
 * reconcilers). One run at a time: a run longer than the interval delays the next instead of queueing ticks. A
 * failed run is logged (by its exception's type: messages may carry data) and tried again at the next tick; it never
 * stops the loop. Runs off the event loop. An interval of zero or less switches the job off.
 */
public abstract class PeriodicJob implements SmartLifecycle {

    private final Logger log = LoggerFactory.getLogger(getClass());
    private final String name;
    private final Duration initialDelay;
    private final Duration interval;
    private volatile Disposable loop;

    /**
     * @param name what the job is, for the log ("Slot reconciliation")
     * @param initialDelay before the first run
     * @param interval between the starts of two runs; zero or less switches the job off
     */
    protected PeriodicJob(String name, Duration initialDelay, Duration interval) {
        this.name = name;
        this.initialDelay = initialDelay;
        this.interval = interval;
    }

    /** One run. Its own outcome (what it repaired or removed) is for it to log. */
    protected abstract Mono<?> runOnce();

    /** How a failed run is named in the log; the exception's type unless a job knows its failures are safe to show. */
    protected String describeFailure(Throwable failure) {
        return failure.getClass().getSimpleName();
    }

    @Override
    public final synchronized void start() {
        if (isRunning()) {
            return;
        }
        if (interval.isZero() || interval.isNegative()) {
            log.info("{} is switched off (interval {})", name, interval);
            return;
        }
        loop = Flux.interval(initialDelay, interval, Schedulers.boundedElastic())
                .onBackpressureDrop()
                .concatMap(tick -> Mono.defer(this::runOnce).onErrorResume(e -> {
                    log.warn("{} failed: {}; it runs again in {}", name, describeFailure(e), interval);
                    return Mono.empty();
                }), 0)
                .subscribe();
    }

    @Override
    public final synchronized void stop() {
        Disposable running = loop;
        if (running != null) {
            running.dispose();
        }
        loop = null;
    }

    @Override
    public final boolean isRunning() {
        Disposable running = loop;
        return running != null && !running.isDisposed();
    }
}
