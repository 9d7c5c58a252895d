package org.medledger.reportchain.report;

import org.medledger.support.security.CurrentUser;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The {@link ReportAccessPolicy} until grants exist: nobody but a report's owners may read it. */
public class OwnerAccessPolicy implements ReportAccessPolicy {

    @Override
    public Mono<Boolean> isGranted(CurrentUser caller, Report report) {
        return Mono.just(false);
    }

    @Override
    public Flux<String> grantedReportIds(CurrentUser caller) {
        return Flux.empty();
    }
}
