package org.medledger.reportchain.access;

import java.time.Clock;
import java.util.Map;
import org.medledger.reportchain.ledger.ContentHashes;
import org.medledger.reportchain.ledger.Ledger;
import org.medledger.reportchain.ledger.LedgerEntryKind;
import org.medledger.reportchain.report.Report;
import org.medledger.reportchain.report.ReportQueries;
import org.medledger.support.security.CurrentUser;
import org.medledger.support.web.NotFoundException;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import reactor.core.publisher.Mono;

/**
 * Refused access to an existing report, put on the ledger as {@code ACCESS_DENIED_ATTEMPT} with the step that refused
 * it (the content gate, a code request, a code exchange). A refusal on a report that does not exist is not recorded:
 * anyone can invent ids, and the ledger is not a log of typos.
 */
final class AccessDenials {

    private final ReportQueries queries;
    private final Ledger ledger;
    private final ReactiveMongoTemplate mongo;
    private final Clock clock;

    AccessDenials(ReportQueries queries, Ledger ledger, ReactiveMongoTemplate mongo, Clock clock) {
        this.queries = queries;
        this.ledger = ledger;
        this.mongo = mongo;
        this.clock = clock;
    }

    /** Records that {@code step} refused {@code caller} on {@code reportId} for {@code reason}. */
    Mono<Void> record(CurrentUser caller, String reportId, String step, String reason) {
        return ledger.append(LedgerEntryKind.ACCESS_DENIED_ATTEMPT, caller.id(), reportId,
                        ContentHashes.ofFields(Map.of("reportId", reportId, "userId", caller.id(), "reason", reason,
                                "at", clock.instant().toString())),
                        Map.of("step", step, "reason", reason))
                .then();
    }

    /**
     * The report if {@code caller} may read it; otherwise 404, recorded as refused at {@code step} when the report
     * exists (a grant that ended, another patient's report).
     */
    Mono<Report> readable(CurrentUser caller, String reportId, String step) {
        return queries.readable(caller, reportId)
                .onErrorResume(NotFoundException.class, e -> mongo.exists(Query.query(Criteria.where("_id")
                                .is(reportId)), Report.class)
                        .flatMap(exists -> exists ? record(caller, reportId, step, "not-readable") : Mono.<Void>empty())
                        .then(Mono.error(e)));
    }
}
