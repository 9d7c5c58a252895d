package org.medledger.reportchain.audit;

import java.time.ZoneId;
import org.medledger.events.audit.AuditCompleted;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.CronTrigger;

/** Starts the scheduled audits: a sampled one ({@code sample-cron}) and a full one ({@code full-cron}). */
class AuditScheduler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AuditScheduler.class);

    private final AuditService audits;
    private final AuditProperties.Schedule schedule;
    private ThreadPoolTaskScheduler scheduler;

    AuditScheduler(AuditService audits, AuditProperties.Schedule schedule) {
        this.audits = audits;
        this.schedule = schedule;
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
        scheduler.schedule(() -> launch(AuditCompleted.Scope.SAMPLE, schedule.sampleFraction()),
                new CronTrigger(schedule.sampleCron(), zone));
        scheduler.schedule(() -> launch(AuditCompleted.Scope.ALL, null), new CronTrigger(schedule.fullCron(), zone));
        log.info("Scheduled audits: sampled ({}) at '{}', full at '{}' ({})", schedule.sampleFraction(),
                schedule.sampleCron(), schedule.fullCron(), zone);
    }

    private void launch(AuditCompleted.Scope scope, Double fraction) {
        audits.start(scope, null, fraction, AuditService.SCHEDULER).subscribe(
                audit -> log.info("Scheduled {} audit {} started", scope, audit.id()),
                e -> log.error("Scheduled {} audit could not start: {}", scope, e.toString()));
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
