package org.medledger.reportchain.access;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Runs {@link AccessRequests#recordExpiries()} every {@code medledger.access.expiry-sweep} while the service runs. */
class GrantExpirySweeper implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GrantExpirySweeper.class);

    private final AccessRequests requests;
    private final Duration period;
    private volatile Disposable running;

    GrantExpirySweeper(AccessRequests requests, Duration period) {
        this.requests = requests;
        this.period = period;
    }

    @Override
    public void start() {
        running = Flux.interval(period, period)
                .onBackpressureDrop()
                .concatMap(tick -> requests.recordExpiries()
                        .onErrorResume(e -> {
                            log.warn("Grant expiry sweep failed: {}", e.getClass().getSimpleName());
                            return Mono.just(0L);
                        }))
                .subscribe(count -> {
                    if (count > 0) {
                        log.info("{} expired grant(s) recorded on the ledger", count);
                    }
                });
    }

    @Override
    public void stop() {
        Disposable current = running;
        if (current != null) {
            current.dispose();
        }
        running = null;
    }

    @Override
    public boolean isRunning() {
        return running != null && !running.isDisposed();
    }
}
