package org.medledger.reportchain.access;

import java.time.Clock;
import java.util.Map;
import org.medledger.reportchain.ledger.ContentHashes;
import org.medledger.reportchain.ledger.Ledger;
import org.medledger.reportchain.ledger.LedgerEntryKind;
import org.medledger.reportchain.report.Report;
import org.medledger.reportchain.report.ReportQueries;
import org.medledger.reportchain.web.DownloadGate;
import org.medledger.support.security.CurrentUser;
import org.medledger.support.web.NotFoundException;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.server.reactive.ServerHttpRequest;
import reactor.core.publisher.Mono;

/**
 * The download gate of SPEC flow 7: the caller must be allowed to read the report (owner or live grant; else 404)
 * and present an unspent {@value #HEADER} issued to them for this report (else 403). The token is spent atomically
 * before the stream opens. Every refusal on an existing report is a ledger {@code ACCESS_DENIED_ATTEMPT}.
 */
public class TokenDownloadGate implements DownloadGate {

    /** The request header carrying the download token. */
    public static final String HEADER = "X-Download-Token";

    private final ReportQueries queries;
    private final DownloadTokens tokens;
    private final Ledger ledger;
    private final ReactiveMongoTemplate mongo;
    private final Clock clock;

    public TokenDownloadGate(ReportQueries queries, DownloadTokens tokens, Ledger ledger, ReactiveMongoTemplate mongo,
            Clock clock) {
        this.queries = queries;
        this.tokens = tokens;
        this.ledger = ledger;
        this.mongo = mongo;
        this.clock = clock;
    }

    @Override
    public Mono<Report> admit(CurrentUser caller, String reportId, ServerHttpRequest request) {
        String token = request.getHeaders().getFirst(HEADER);
        return queries.readable(caller, reportId)
                .onErrorResume(NotFoundException.class, e -> mongo.findById(reportId, Report.class)
                        .flatMap(exists -> denied(caller, reportId, "not-readable"))
                        .then(Mono.error(e)))
                .flatMap(report -> tokens.consume(caller.id(), reportId, token)
                        .onErrorResume(DownloadRefusedException.class, e -> denied(caller, reportId, e.reason())
                                .then(Mono.error(e)))
                        .thenReturn(report));
    }

    private Mono<Void> denied(CurrentUser caller, String reportId, String reason) {
        return ledger.append(LedgerEntryKind.ACCESS_DENIED_ATTEMPT, caller.id(), reportId,
                        ContentHashes.ofFields(Map.of("reportId", reportId, "userId", caller.id(), "reason", reason,
                                "at", clock.instant().toString())),
                        Map.of("step", "content", "reason", reason))
                .then();
    }
}
