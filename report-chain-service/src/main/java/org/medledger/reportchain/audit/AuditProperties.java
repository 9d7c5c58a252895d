package org.medledger.reportchain.audit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.scheduling.support.CronExpression;

/**
 * Settings of the integrity auditor ({@code medledger.audit}).
 *
 * @param concurrency S3 reads in flight per audit
 * @param maxFindings most findings kept in one audit document (counts are always complete)
 * @param schedule the scheduled audits
 */
@ConfigurationProperties("medledger.audit")
public record AuditProperties(
        @DefaultValue("4") int concurrency,
        @DefaultValue("1000") int maxFindings,
        @DefaultValue Schedule schedule) {

    public AuditProperties {
        if (concurrency < 1 || concurrency > 64) {
            throw new IllegalArgumentException("medledger.audit.concurrency must be 1..64");
        }
        if (maxFindings < 0) {
            throw new IllegalArgumentException("medledger.audit.max-findings must be >= 0");
        }
    }

    /**
     * The scheduled audits.
     *
     * @param enabled whether audits run on the schedule at all
     * @param sampleCron Spring cron expression of the sampled audit (default daily 02:30)
     * @param sampleFraction fraction of chunks a sampled audit checks, 0 < f <= 1
     * @param fullCron Spring cron expression of the full audit (default Sundays 03:30)
     * @param zone time zone of the cron expressions
     */
    public record Schedule(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("0 30 2 * * *") String sampleCron,
            @DefaultValue("0.05") double sampleFraction,
            @DefaultValue("0 30 3 * * SUN") String fullCron,
            @DefaultValue("UTC") String zone) {

        public Schedule {
            CronExpression.parse(sampleCron);
            CronExpression.parse(fullCron);
            if (!(sampleFraction > 0 && sampleFraction <= 1)) {
                throw new IllegalArgumentException("medledger.audit.schedule.sample-fraction must be in (0, 1]");
            }
        }
    }
}
