package org.medledger.reportchain.access;

import java.time.Duration;
import org.medledger.support.scheduling.PeriodicJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/** Runs {@link AccessRequests#recordExpiries()} every {@code medledger.access.expiry-sweep} while the service runs. */
class GrantExpirySweeper extends PeriodicJob {

    private static final Logger log = LoggerFactory.getLogger(GrantExpirySweeper.class);

    private final AccessRequests requests;

    GrantExpirySweeper(AccessRequests requests, Duration period) {
        super("Grant expiry sweep", period, period);
        this.requests = requests;
    }

    @Override
    protected Mono<Long> runOnce() {
        return requests.recordExpiries().doOnNext(count -> {
            if (count > 0) {
                log.info("{} expired grant(s) recorded on the ledger", count);
            }
        });
    }
}
