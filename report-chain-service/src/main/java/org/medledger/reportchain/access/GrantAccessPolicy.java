package org.medledger.reportchain.access;

import java.time.Clock;
import org.medledger.reportchain.report.Report;
import org.medledger.reportchain.report.ReportAccessPolicy;
import org.medledger.support.security.CurrentUser;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Grants from approved access requests: a doctor reads a report while a grant on it is live (not expired). */
public class GrantAccessPolicy implements ReportAccessPolicy {

    private final ReactiveMongoTemplate mongo;
    private final Clock clock;

    public GrantAccessPolicy(ReactiveMongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    @Override
    public Mono<Boolean> isGranted(CurrentUser caller, Report report) {
        if (!caller.hasRole(CurrentUser.DOCTOR)) {
            return Mono.just(false);
        }
        return mongo.exists(Query.query(live(caller).and("reportId").is(report.id())), AccessRequest.class);
    }

    @Override
    public Flux<String> grantedReportIds(CurrentUser caller) {
        if (!caller.hasRole(CurrentUser.DOCTOR)) {
            return Flux.empty();
        }
        return mongo.find(Query.query(live(caller)), AccessRequest.class).map(AccessRequest::reportId).distinct();
    }

    private Criteria live(CurrentUser caller) {
        return Criteria.where("doctorId").is(caller.id()).and("status").is(AccessRequest.Status.GRANTED)
                .and("grantExpiresAt").gt(clock.instant());
    }
}
