package org.medledger.reportchain.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Runs the {@link OrphanSweep} every {@code medledger.audit.orphan-sweep.interval} while the service runs. */
class OrphanSweepScheduler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OrphanSweepScheduler.class);

    private final OrphanSweep sweep;
    private final AuditProperties.OrphanSweep settings;
    private volatile Disposable running;

    OrphanSweepScheduler(OrphanSweep sweep, AuditProperties.OrphanSweep settings) {
        this.sweep = sweep;
        this.settings = settings;
    }

    @Override
    public synchronized void start() {
        if (!settings.enabled() || isRunning()) {
            return;
        }
        running = Flux.interval(settings.initialDelay(), settings.interval())
                // a sweep longer than the interval delays the next one instead of queueing ticks
                .onBackpressureDrop()
                .concatMap(tick -> sweep.sweep()
                        .onErrorResume(e -> {
                            log.warn("Orphan sweep failed: {}", e.getClass().getSimpleName());
                            return Mono.empty();
                        }), 1)
                .subscribe();
        log.info("Orphan sweep every {} (first in {}), grace age {}", settings.interval(), settings.initialDelay(),
                settings.graceAge());
    }

    @Override
    public synchronized void stop() {
        Disposable current = running;
        if (current != null) {
            current.dispose();
        }
        running = null;
    }

    @Override
    public boolean isRunning() {
        Disposable current = running;
        return current != null && !current.isDisposed();
    }
}
