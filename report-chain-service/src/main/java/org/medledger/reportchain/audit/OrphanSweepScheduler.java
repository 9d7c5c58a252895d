package org.medledger.reportchain.audit;

import java.time.Duration;
import org.medledger.support.scheduling.PeriodicJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Runs the {@link OrphanSweep} every {@code medledger.audit.orphan-sweep.interval} while the service runs; with several
 * replicas, one of them sweeps in each interval ({@link ScheduledRuns}).
 */
class OrphanSweepScheduler extends PeriodicJob {

    private static final Logger log = LoggerFactory.getLogger(OrphanSweepScheduler.class);

    private final OrphanSweep sweep;
    private final ScheduledRuns runs;
    private final Duration interval;

    OrphanSweepScheduler(OrphanSweep sweep, AuditProperties.OrphanSweep settings, ScheduledRuns runs) {
        super("Orphan sweep", settings.initialDelay(), settings.enabled() ? settings.interval() : Duration.ZERO);
        this.sweep = sweep;
        this.runs = runs;
        this.interval = settings.interval();
        if (settings.enabled()) {
            log.info("Orphan sweep every {} (first in {}), grace age {}", settings.interval(), settings.initialDelay(),
                    settings.graceAge());
        }
    }

    @Override
    protected Mono<?> runOnce() {
        return runs.claim("orphan-sweep", runs.intervalOccurrence(interval))
                .flatMap(claimed -> claimed ? sweep.sweep() : Mono.empty());
    }
}
