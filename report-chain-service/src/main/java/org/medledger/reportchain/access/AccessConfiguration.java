package org.medledger.reportchain.access;

import java.time.Clock;
import org.medledger.events.EventCodec;
import org.medledger.reportchain.ledger.Ledger;
import org.medledger.reportchain.report.ReportQueries;
import org.medledger.support.events.OutboxRelay;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;

/**
 * Download codes, download tokens, access requests; the token download gate and the grant access policy replace the
 * owner-only stand-ins ({@code @Primary}).
 */
@Configuration(proxyBeanMethods = false)
class AccessConfiguration {

    @Bean
    DownloadTokens downloadTokens(ReactiveMongoTemplate mongo, AccessProperties properties, Clock clock) {
        return new DownloadTokens(mongo, properties, clock);
    }

    @Bean
    AccessDenials accessDenials(ReportQueries queries, Ledger ledger, ReactiveMongoTemplate mongo, Clock clock) {
        return new AccessDenials(queries, ledger, mongo, clock);
    }

    @Bean
    DownloadCodes downloadCodes(ReactiveMongoTemplate mongo, AccessDenials denials, DownloadTokens tokens,
            Ledger ledger, EventCodec codec, OutboxRelay outboxRelay, AccessProperties properties, Clock clock) {
        return new DownloadCodes(mongo, denials, tokens, ledger, codec, outboxRelay, properties, clock);
    }

    @Bean
    AccessRequests accessRequests(ReactiveMongoTemplate mongo, Ledger ledger, EventCodec codec,
            OutboxRelay outboxRelay, AccessProperties properties, Clock clock) {
        return new AccessRequests(mongo, ledger, codec, outboxRelay, properties, clock);
    }

    @Bean
    GrantExpirySweeper grantExpirySweeper(AccessRequests requests, AccessProperties properties) {
        return new GrantExpirySweeper(requests, properties.expirySweep());
    }

    @Bean
    @Primary
    GrantAccessPolicy grantAccessPolicy(ReactiveMongoTemplate mongo, Clock clock) {
        return new GrantAccessPolicy(mongo, clock);
    }

    @Bean
    @Primary
    TokenDownloadGate tokenDownloadGate(DownloadTokens tokens, AccessDenials denials) {
        return new TokenDownloadGate(tokens, denials);
    }
}
