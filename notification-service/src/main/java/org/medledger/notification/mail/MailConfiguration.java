package org.medledger.notification.mail;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The resilience4j retry for SMTP, with its metrics ({@code resilience4j_retry_calls{name="smtp"}}) when Micrometer is on. */
@Configuration(proxyBeanMethods = false)
class MailConfiguration {

    /** Share of random jitter on each back-off wait, so that many failing mails do not retry in lockstep. */
    private static final double JITTER = 0.2;

    @Bean
    RetryRegistry notificationRetryRegistry(ObjectProvider<MeterRegistry> meters) {
        RetryRegistry registry = RetryRegistry.ofDefaults();
        meters.ifAvailable(meterRegistry -> TaggedRetryMetrics.ofRetryRegistry(registry).bindTo(meterRegistry));
        return registry;
    }

    @Bean
    Retry smtpRetry(RetryRegistry notificationRetryRegistry, MailProperties properties) {
        MailProperties.Retry retry = properties.retry();
        RetryConfig config = RetryConfig.custom()
                .maxAttempts(Math.max(1, retry.maxAttempts()))
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(retry.initialInterval(), retry.multiplier(),
                        JITTER, retry.maxInterval()))
                .retryOnException(MailTransport::isRetryable)
                .build();
        return notificationRetryRegistry.retry("smtp", config);
    }
}
