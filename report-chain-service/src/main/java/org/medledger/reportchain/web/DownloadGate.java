package org.medledger.reportchain.web;

import org.medledger.reportchain.report.Report;
import org.medledger.support.security.CurrentUser;
import org.springframework.http.server.reactive.ServerHttpRequest;
import reactor.core.publisher.Mono;

/**
 * Decides whether a request may receive a report's content: the authorization in front of the verified stream
 * ({@link org.medledger.reportchain.report.ReportContents}), kept separate so the access issue can put the
 * one-time-code token ({@code X-Download-Token}) and grants here without touching the streaming.
 * {@link OwnerDownloadGate} admits the report's patient and uploading doctor with their bearer token alone.
 * Replace it with a {@code @Primary} bean.
 */
public interface DownloadGate {

    /**
     * @return the manifest of report {@code reportId} if {@code caller} may download it now; errors are problems
     *     (404 {@code report-not-found} for a report the caller may not see at all, 403 for a missing or spent
     *     download token)
     */
    Mono<Report> admit(CurrentUser caller, String reportId, ServerHttpRequest request);
}
