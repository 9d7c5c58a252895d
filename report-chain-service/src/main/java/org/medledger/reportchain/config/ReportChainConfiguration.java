package org.medledger.reportchain.config;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.medledger.events.EventCodec;
import org.medledger.reportchain.chunking.ChunkMemory;
import org.medledger.reportchain.chunking.TransferBudget;
import org.medledger.reportchain.chunking.CryptoWarmUp;
import org.medledger.reportchain.crypto.KeyProvider;
import org.medledger.reportchain.report.BookingServiceClient;
import org.medledger.reportchain.report.DownloadRecorder;
import org.medledger.reportchain.report.IntegrityFindings;
import org.medledger.reportchain.report.KekRotator;
import org.medledger.reportchain.report.KeyRotations;
import org.medledger.reportchain.report.LedgerRecorder;
import org.medledger.reportchain.report.LoggingLedgerRecorder;
import org.medledger.reportchain.report.OwnerAccessPolicy;
import org.medledger.reportchain.report.ReportAccessPolicy;
import org.medledger.reportchain.report.ReportContents;
import org.medledger.reportchain.report.ReportQueries;
import org.medledger.reportchain.report.ReportUploads;
import org.medledger.reportchain.storage.PlacementPolicy;
import org.medledger.reportchain.web.DownloadGate;
import org.medledger.reportchain.web.OwnerDownloadGate;
import org.medledger.reportchain.web.TransferAdmission;
import org.medledger.support.events.OutboxRelay;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The report chain's services and the seams later issues replace: {@link LedgerRecorder} (stand-in
 * {@link LoggingLedgerRecorder}), {@link ReportAccessPolicy} (stand-in {@link OwnerAccessPolicy}) and
 * {@link DownloadGate} (stand-in {@link OwnerDownloadGate}). To replace one, declare a bean of its type marked
 * {@code @Primary}.
 */
@Configuration(proxyBeanMethods = false)
class ReportChainConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    ChunkMemory chunkMemory(ObjectProvider<MeterRegistry> registry) {
        ChunkMemory memory = new ChunkMemory();
        registry.ifAvailable(meters -> Gauge.builder("medledger.reports.chunk.memory", memory,
                        ChunkMemory::inUseBytes)
                .description("Bytes of chunk buffers held by uploads")
                .baseUnit("bytes")
                .register(meters));
        return memory;
    }

    @Bean
    TransferBudget transferBudget(ReportProperties properties, ObjectProvider<MeterRegistry> registry) {
        TransferBudget budget = new TransferBudget(properties.transferMemoryBytes(Runtime.getRuntime().maxMemory()));
        registry.ifAvailable(meters -> Gauge.builder("medledger.reports.transfer.reserved", budget,
                        TransferBudget::reservedBytes)
                .description("Bytes of the transfer budget reserved by running uploads and downloads")
                .baseUnit("bytes")
                .register(meters));
        return budget;
    }

    @Bean
    TransferAdmission transferAdmission(TransferBudget budget, ReportProperties properties,
            ObjectProvider<MeterRegistry> registry) {
        return new TransferAdmission(budget, properties, registry);
    }

    @Bean
    CryptoWarmUp cryptoWarmUp(ReportProperties properties) {
        ReportProperties.WarmUp warmUp = properties.warmUp();
        return new CryptoWarmUp(warmUp.enabled() ? warmUp.rounds() : 0, (int) warmUp.roundSize().toBytes());
    }

    @Bean
    BookingServiceClient bookingServiceClient(WebClient.Builder builder, BookingProperties properties) {
        BookingProperties.CircuitBreaker breaker = properties.circuitBreaker();
        CircuitBreaker circuitBreaker = CircuitBreaker.of("booking-service", CircuitBreakerConfig.custom()
                .failureRateThreshold(breaker.failureRateThreshold())
                .slidingWindowSize(breaker.slidingWindowSize())
                .minimumNumberOfCalls(breaker.minimumNumberOfCalls())
                .waitDurationInOpenState(breaker.waitInOpenState())
                .ignoreExceptions(BookingServiceClient.BookingRefusal.class)
                .build());
        TimeLimiter timeLimiter = TimeLimiter.of("booking-service", TimeLimiterConfig.custom()
                .timeoutDuration(properties.timeout())
                .build());
        return new BookingServiceClient(builder.clone().baseUrl(properties.baseUrl().toString()).build(),
                circuitBreaker, timeLimiter);
    }

    @Bean
    LoggingLedgerRecorder loggingLedgerRecorder() {
        return new LoggingLedgerRecorder();
    }

    @Bean
    OwnerAccessPolicy ownerAccessPolicy() {
        return new OwnerAccessPolicy();
    }

    @Bean
    IntegrityFindings integrityFindings(ReactiveMongoTemplate mongo, Clock clock) {
        return new IntegrityFindings(mongo, clock);
    }

    @Bean
    ReportUploads reportUploads(BookingServiceClient booking, ReactiveMongoTemplate mongo, KeyProvider keyProvider,
            PlacementPolicy placement, LedgerRecorder ledger, EventCodec codec, OutboxRelay outboxRelay,
            ChunkMemory memory, ReportProperties properties, Clock clock) {
        return new ReportUploads(booking, mongo, keyProvider, placement, ledger, codec, outboxRelay, memory,
                properties, clock);
    }

    @Bean
    ReportContents reportContents(KeyProvider keyProvider, PlacementPolicy placement, IntegrityFindings findings,
            ReportProperties properties) {
        return new ReportContents(keyProvider, placement, findings, properties);
    }

    @Bean
    ReportQueries reportQueries(ReactiveMongoTemplate mongo, ReportAccessPolicy accessPolicy) {
        return new ReportQueries(mongo, accessPolicy);
    }

    @Bean
    OwnerDownloadGate ownerDownloadGate(ReportQueries queries) {
        return new OwnerDownloadGate(queries);
    }

    @Bean
    DownloadRecorder downloadRecorder(ReactiveMongoTemplate mongo, LedgerRecorder ledger, EventCodec codec,
            OutboxRelay outboxRelay, Clock clock) {
        return new DownloadRecorder(mongo, ledger, codec, outboxRelay, clock);
    }

    @Bean
    KeyRotations keyRotations(ReactiveMongoTemplate mongo, KeyProvider keyProvider, KekRotator rotator,
            LedgerRecorder ledger, Clock clock) {
        return new KeyRotations(mongo, keyProvider, rotator, ledger, clock);
    }
}
