package org.medledger.gateway;

import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.ratelimit.Bucket4jRateLimiter;
import org.springframework.cloud.gateway.support.ConfigurationService;
import reactor.core.publisher.Mono;

/**
 * Spring Cloud Gateway's Bucket4j limiter, plus the {@code Retry-After} a refused caller needs: the seconds until
 * the bucket holds a token again, which Bucket4j knows but the library's limiter does not pass on.
 */
class RetryAfterRateLimiter extends Bucket4jRateLimiter {

    private static final Logger log = LoggerFactory.getLogger(RetryAfterRateLimiter.class);

    private final AsyncProxyManager<String> buckets;

    RetryAfterRateLimiter(AsyncProxyManager<String> buckets, ConfigurationService configurationService) {
        super(buckets, configurationService);
        this.buckets = buckets;
    }

    @Override
    public Mono<Response> isAllowed(String routeId, String id) {
        Config config = loadRouteConfiguration(routeId);
        return Mono.fromFuture(() -> buckets.builder().build(id, config.getConfigurationSupplier())
                        .tryConsumeAndReturnRemaining(config.getRequestedTokens()))
                .onErrorResume(e -> {
                    // refuse rather than let an unmetered burst through; the key (a user or address) stays out of the log
                    log.warn("Rate limit bucket unavailable on route {}: {}", routeId, e.getClass().getSimpleName());
                    return Mono.just(ConsumptionProbe.rejected(0, TimeUnit.SECONDS.toNanos(1), TimeUnit.SECONDS.toNanos(1)));
                })
                .map(probe -> {
                    Map<String, String> headers = new HashMap<>(getHeaders(config, Math.max(0, probe.getRemainingTokens())));
                    if (!probe.isConsumed()) {
                        long seconds = (probe.getNanosToWaitForRefill() + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1);
                        headers.put("Retry-After", Long.toString(Math.max(1, seconds)));
                    }
                    return new Response(probe.isConsumed(), headers);
                });
    }
}
