package org.medledger.reportchain.report;

import java.util.ArrayList;
import java.util.List;
import org.medledger.support.security.CurrentUser;
import org.medledger.support.web.NotFoundException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads reports with ownership applied: a patient sees the reports of their appointments, a doctor the reports
 * they uploaded plus those the {@link ReportAccessPolicy} grants them. Anything else is "not found", so report ids
 * cannot be probed.
 */
public class ReportQueries {

    private final ReactiveMongoTemplate mongo;
    private final ReportAccessPolicy accessPolicy;

    public ReportQueries(ReactiveMongoTemplate mongo, ReportAccessPolicy accessPolicy) {
        this.mongo = mongo;
        this.accessPolicy = accessPolicy;
    }

    /** The caller's reports, newest first. */
    public Flux<ReportSummary> list(CurrentUser caller, int page, int size) {
        return accessPolicy.grantedReportIds(caller).collectList().flatMapMany(granted -> {
            List<Criteria> visible = new ArrayList<>();
            if (caller.hasRole(CurrentUser.PATIENT)) {
                visible.add(Criteria.where("patientId").is(caller.id()));
            }
            if (caller.hasRole(CurrentUser.DOCTOR)) {
                visible.add(Criteria.where("doctorId").is(caller.id()));
            }
            if (!granted.isEmpty()) {
                visible.add(Criteria.where("_id").in(granted));
            }
            if (visible.isEmpty()) {
                return Flux.empty();
            }
            Query query = Query.query(new Criteria().orOperator(visible))
                    .with(Sort.by(Sort.Direction.DESC, "createdAt").and(Sort.by("_id")))
                    .skip((long) page * size)
                    .limit(size);
            query.fields().include(ReportSummary.FIELDS);
            return mongo.find(query, ReportSummary.class, Report.COLLECTION);
        });
    }

    /**
     * The manifest of report {@code id} if {@code caller} may read it: its patient, its uploading doctor, or a
     * holder of a grant.
     *
     * @return errors: 404 {@code report-not-found} for a missing report and for one the caller may not read alike
     */
    public Mono<Report> readable(CurrentUser caller, String id) {
        return mongo.findById(id, Report.class)
                .filterWhen(report -> report.isOwnedBy(caller.id()) ? Mono.just(true)
                        : accessPolicy.isGranted(caller, report))
                .switchIfEmpty(Mono.error(() -> notFound()));
    }

    private static NotFoundException notFound() {
        return new NotFoundException("report-not-found", "No such report among yours.");
    }
}
