package org.medledger.reportchain.access;

import org.medledger.reportchain.report.Report;
import org.medledger.reportchain.web.DownloadGate;
import org.medledger.support.security.CurrentUser;
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
    private static final String STEP = "content";

    private final DownloadTokens tokens;
    private final AccessDenials denials;

    TokenDownloadGate(DownloadTokens tokens, AccessDenials denials) {
        this.tokens = tokens;
        this.denials = denials;
    }

    @Override
    public Mono<Report> admit(CurrentUser caller, String reportId, ServerHttpRequest request) {
        String token = request.getHeaders().getFirst(HEADER);
        return denials.readable(caller, reportId, STEP)
                .flatMap(report -> tokens.consume(caller.id(), reportId, token)
                        .onErrorResume(DownloadRefusedException.class, e -> denials.record(caller, reportId, STEP,
                                e.reason()).then(Mono.error(e)))
                        .thenReturn(report));
    }
}
