package org.medledger.gateway;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.caffeine.CaffeineProxyManager;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.distributed.remote.RemoteBucketState;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.cloud.gateway.support.ConfigurationService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import reactor.core.publisher.Mono;

/**
 * Request rate limits for the expensive and sensitive calls (registration, one-time codes, uploads, access
 * requests), configured per route with {@code RequestRateLimiter}. Buckets are keyed by the signed-in user, or
 * by client address for anonymous calls, and live in this instance's memory (limited by {@link RetryAfterRateLimiter} over this
 * store).
 */
@Configuration
class RateLimitConfiguration {

    @Bean
    AsyncProxyManager<String> rateLimitBuckets() {
        @SuppressWarnings({"rawtypes", "unchecked"})
        Caffeine<String, RemoteBucketState> cache = (Caffeine) Caffeine.newBuilder().maximumSize(100_000);
        return new CaffeineProxyManager<>(cache, Duration.ofHours(1)).asAsync();
    }

    /** The routes' limiter ({@code #{@retryAfterRateLimiter}}), primary over the library's own. */
    @Bean
    @Primary
    RetryAfterRateLimiter retryAfterRateLimiter(AsyncProxyManager<String> rateLimitBuckets,
            ConfigurationService configurationService) {
        return new RetryAfterRateLimiter(rateLimitBuckets, configurationService);
    }

    /** The user for signed-in calls (a per-account limit, whatever address they come from), else the client address. */
    @Bean
    KeyResolver callerKeyResolver() {
        return exchange -> exchange.getPrincipal()
                .map(principal -> "user:" + principal.getName())
                .switchIfEmpty(Mono.fromSupplier(() -> {
                    InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
                    return "ip:" + (remote == null ? "unknown" : remote.getAddress().getHostAddress());
                }));
    }
}
