package org.medledger.reportchain.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.medledger.events.audit.AuditCompleted;
import org.medledger.reportchain.testing.ReportChainIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.scheduling.support.CronExpression;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/** Scheduled jobs run once per occurrence however many replicas fire them (claims in the real MongoDB wire server). */
@ReportChainIntegrationTest
class ScheduledRunsTest {

    private static final Instant TUESDAY_0233 = Instant.parse("2026-12-01T02:33:00Z");

    @Autowired
    ReactiveMongoTemplate mongo;
    @Autowired
    AuditService audits;

    private ScheduledRuns runsAt(Instant now) {
        return new ScheduledRuns(mongo, Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void claim_eightReplicasAtOnce_exactlyOneRuns() {
        ScheduledRuns runs = runsAt(TUESDAY_0233);
        String job = "job-" + UUID.randomUUID();

        List<Boolean> claims = Flux.range(0, 8)
                .flatMap(replica -> runs.claim(job, TUESDAY_0233).subscribeOn(Schedulers.parallel()))
                .collectList().block();

        assertThat(claims).containsOnlyOnce(true).hasSize(8);
        assertThat(runs.claim(job, TUESDAY_0233.plusSeconds(60)).block()).as("the next occurrence").isTrue();
    }

    @Test
    void cronOccurrence_isTheScheduledTimeAReplicaFiresFor() {
        CronExpression daily = CronExpression.parse("0 30 2 * * *");
        ZoneId utc = ZoneOffset.UTC;

        assertThat(runsAt(TUESDAY_0233).cronOccurrence(daily, utc)).isEqualTo(Instant.parse("2026-12-01T02:30:00Z"));
        assertThat(runsAt(Instant.parse("2026-12-01T02:30:00Z")).cronOccurrence(daily, utc))
                .isEqualTo(Instant.parse("2026-12-01T02:30:00Z"));
        Instant farFromAnyOccurrence = Instant.parse("2026-12-01T09:00:00Z");
        assertThat(runsAt(farFromAnyOccurrence).cronOccurrence(daily, utc)).isEqualTo(farFromAnyOccurrence);
    }

    @Test
    void intervalOccurrence_replicasTickingInOneWindow_nameTheSameOccurrence() {
        Duration sixHours = Duration.ofHours(6);
        Instant window = Instant.parse("2026-12-01T00:00:00Z");

        assertThat(IntStream.of(0, 1, 3599, 6 * 3600 - 1)
                .mapToObj(seconds -> runsAt(window.plusSeconds(seconds)).intervalOccurrence(sixHours)).distinct())
                .containsExactly(window);
        assertThat(runsAt(window.plus(sixHours)).intervalOccurrence(sixHours)).isEqualTo(window.plus(sixHours));
    }

    @Test
    void auditScheduler_threeReplicasFiringTheSameOccurrence_startOneAudit() {
        // an occurrence no other test fires, so the claim is this test's alone
        Instant fired = Instant.parse("2031-05-06T04:17:00Z");
        String cron = "0 17 4 6 5 *";
        var schedule = new AuditProperties.Schedule(true, cron, 0.01, cron, "UTC");
        long before = scheduledAudits();

        Flux.range(0, 3)
                .flatMap(replica -> new AuditScheduler(audits, schedule, runsAt(fired.plusSeconds(replica * 20)))
                        .launch(AuditCompleted.Scope.SAMPLE, 0.01, cron).subscribeOn(Schedulers.parallel()))
                .blockLast();

        assertThat(scheduledAudits() - before).isEqualTo(1);
    }

    private long scheduledAudits() {
        return mongo.count(Query.query(Criteria.where("requestedBy").is(AuditService.SCHEDULER)), Audit.class).block();
    }
}
