package org.medledger.reportchain.report;

import org.medledger.support.security.CurrentUser;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Who may read a report (its metadata, its receipt; and, behind the download gate, its content) beyond the
 * owners. The patient of a report and its uploading doctor may always read it; this policy adds grants (SPEC
 * flow 8: another doctor asks, the patient approves, the grant expires). The access issue implements it; until
 * then {@link OwnerAccessPolicy} grants nothing. Replace it with a {@code @Primary} bean.
 */
public interface ReportAccessPolicy {

    /** Whether {@code caller} holds a live grant on {@code report} (owners are checked before this is asked). */
    Mono<Boolean> isGranted(CurrentUser caller, Report report);

    /** Ids of the reports {@code caller} holds live grants on, for listing (owners' reports are added anyway). */
    Flux<String> grantedReportIds(CurrentUser caller);
}
