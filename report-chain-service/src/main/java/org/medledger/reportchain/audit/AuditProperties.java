package org.medledger.reportchain.audit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.scheduling.support.CronExpression;

/**
 * Settings of the integrity auditor ({@code medledger.audit}).
 *
 * @param concurrency S3 reads in flight per audit
 * @param maxFindings most findings kept in one audit document (counts are always complete)
 * @param schedule the scheduled audits
 * @param orphanSweep the sweep that deletes chunk objects no manifest references
 */
@ConfigurationProperties("medledger.audit")
public record AuditProperties(
        @DefaultValue("4") int concurrency,
        @DefaultValue("1000") int maxFindings,
        @DefaultValue Schedule schedule,
        @DefaultValue OrphanSweep orphanSweep) {

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

    /**
     * The orphan sweep: chunk objects left in the buckets by an upload that never finished (the service died
     * before writing the manifest) are deleted once they are older than {@code graceAge}.
     *
     * @param enabled whether the sweep runs on its interval at all (on demand it always can)
     * @param interval time between two sweeps
     * @param initialDelay time from start-up to the first sweep
     * @param graceAge how old an unreferenced chunk must be before it is deleted; an upload writes its manifest only
     *     after its last chunk, so this must exceed the longest upload (at least one hour)
     * @param batchSize keys looked up in MongoDB with one query
     * @param deleteConcurrency deletes in flight per bucket
     */
    public record OrphanSweep(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("6h") Duration interval,
            @DefaultValue("15m") Duration initialDelay,
            @DefaultValue("24h") Duration graceAge,
            @DefaultValue("500") int batchSize,
            @DefaultValue("4") int deleteConcurrency) {

        /** The shortest grace age accepted: shorter would risk deleting the chunks of an upload still running. */
        public static final Duration MIN_GRACE_AGE = Duration.ofHours(1);

        public OrphanSweep {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("medledger.audit.orphan-sweep.interval must be positive");
            }
            if (initialDelay.isNegative()) {
                throw new IllegalArgumentException("medledger.audit.orphan-sweep.initial-delay must be >= 0");
            }
            if (graceAge.compareTo(MIN_GRACE_AGE) < 0) {
                throw new IllegalArgumentException("medledger.audit.orphan-sweep.grace-age must be at least "
                        + MIN_GRACE_AGE.toMinutes() + " minutes");
            }
            if (batchSize < 1 || batchSize > 10_000) {
                throw new IllegalArgumentException("medledger.audit.orphan-sweep.batch-size must be 1..10000");
            }
            if (deleteConcurrency < 1 || deleteConcurrency > 64) {
                throw new IllegalArgumentException("medledger.audit.orphan-sweep.delete-concurrency must be 1..64");
            }
        }
    }
}
