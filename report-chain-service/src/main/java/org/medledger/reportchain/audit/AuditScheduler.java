package org.medledger.reportchain.audit;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import org.medledger.events.audit.AuditCompleted;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.scheduling.support.CronTrigger;
import reactor.core.publisher.Mono;

/**
 * Starts the scheduled audits: a sampled one ({@code sample-cron}) and a full one ({@code full-cron}); with several
 * replicas, one of them runs each occurrence ({@link ScheduledRuns}).
 */
class AuditScheduler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AuditScheduler.class);

    private final AuditService audits;
    private final AuditProperties.Schedule schedule;
    private final ScheduledRuns runs;
    private ThreadPoolTaskScheduler scheduler;

    AuditScheduler(AuditService audits, AuditProperties.Schedule schedule, ScheduledRuns runs) {
        this.audits = audits;
        this.schedule = schedule;
        this.runs = runs;
    }

    @Override
    public synchronized void start() {
        if (!schedule.enabled() || scheduler != null) {
            return;
        }
        scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(1);
        scheduler.setThreadNamePrefix("audit-schedule-");
        scheduler.initialize();
        ZoneId zone = ZoneId.of(schedule.zone());
        scheduler.schedule(() -> launch(AuditCompleted.Scope.SAMPLE, schedule.sampleFraction(), schedule.sampleCron())
                .subscribe(), new CronTrigger(schedule.sampleCron(), zone));
        scheduler.schedule(() -> launch(AuditCompleted.Scope.ALL, null, schedule.fullCron()).subscribe(),
                new CronTrigger(schedule.fullCron(), zone));
        log.info("Scheduled audits: sampled ({}) at '{}', full at '{}' ({})", schedule.sampleFraction(),
                schedule.sampleCron(), schedule.fullCron(), zone);
    }

    /** Starts the audit of the occurrence that just fired, unless another replica already has; never fails. */
    Mono<Void> launch(AuditCompleted.Scope scope, Double fraction, String cron) {
        Instant occurrence = runs.cronOccurrence(CronExpression.parse(cron), ZoneId.of(schedule.zone()));
        return runs.claim("audit-" + scope.name().toLowerCase(Locale.ROOT), occurrence)
                .flatMap(claimed -> claimed
                        ? audits.start(scope, null, fraction, AuditService.SCHEDULER)
                                .doOnNext(audit -> log.info("Scheduled {} audit {} started", scope, audit.id()))
                        : Mono.fromRunnable(() -> log.debug("Scheduled {} audit of {} runs on another replica",
                                scope, occurrence)))
                .onErrorResume(e -> {
                    log.error("Scheduled {} audit could not start: {}", scope, e.getClass().getSimpleName());
                    return Mono.empty();
                })
                .then();
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdown();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
