package org.medledger.reportchain.web;

import org.medledger.reportchain.report.Report;
import org.medledger.reportchain.report.ReportQueries;
import org.medledger.support.security.CurrentUser;
import org.springframework.http.server.reactive.ServerHttpRequest;
import reactor.core.publisher.Mono;

/** The {@link DownloadGate} until one-time codes exist: whoever may read the report may download it. */
public class OwnerDownloadGate implements DownloadGate {

    private final ReportQueries queries;

    public OwnerDownloadGate(ReportQueries queries) {
        this.queries = queries;
    }

    @Override
    public Mono<Report> admit(CurrentUser caller, String reportId, ServerHttpRequest request) {
        return queries.readable(caller, reportId);
    }
}
