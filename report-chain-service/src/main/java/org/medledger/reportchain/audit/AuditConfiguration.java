package org.medledger.reportchain.audit;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.medledger.events.EventCodec;
import org.medledger.reportchain.ledger.Ledger;
import org.medledger.reportchain.ledger.LedgerAuditAccess;
import org.medledger.reportchain.report.IntegrityFindings;
import org.medledger.reportchain.storage.MirrorPlacement;
import org.medledger.reportchain.storage.ObjectStore;
import org.medledger.reportchain.storage.PlacementPolicy;
import org.medledger.support.events.OutboxRelay;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;

/** Wires the integrity auditor and its schedule. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuditProperties.class)
class AuditConfiguration {

    @Bean
    AuditService auditService(ReactiveMongoTemplate mongo, PlacementPolicy placement, Ledger ledger,
            LedgerAuditAccess ledgerAccess, IntegrityFindings integrityFindings, EventCodec codec,
            ObjectProvider<OutboxRelay> relay, AuditProperties properties, Clock clock,
            ObjectProvider<MeterRegistry> meters) {
        if (!(placement instanceof MirrorPlacement mirror)) {
            throw new IllegalStateException("The auditor supports the mirror placement only, not " + placement.name());
        }
        Map<String, ObjectStore> stores = new LinkedHashMap<>();
        mirror.stores().forEach(store -> stores.put(store.name(), store));
        return new AuditService(mongo, placement, new ChunkAuditor(stores, mongo),
                new LedgerCheck(ledgerAccess, mongo, clock), ledger, integrityFindings, codec, relay, properties, clock,
                meters.getIfAvailable(io.micrometer.core.instrument.simple.SimpleMeterRegistry::new));
    }

    @Bean
    OrphanSweep orphanSweep(ReactiveMongoTemplate mongo, PlacementPolicy placement, AuditProperties properties,
            Clock clock, ObjectProvider<MeterRegistry> meters) {
        if (!(placement instanceof MirrorPlacement mirror)) {
            throw new IllegalStateException("The orphan sweep supports the mirror placement only, not "
                    + placement.name());
        }
        return new OrphanSweep(mongo, mirror.stores(), properties.orphanSweep(), clock,
                meters.getIfAvailable(io.micrometer.core.instrument.simple.SimpleMeterRegistry::new));
    }

    @Bean
    ScheduledRuns scheduledRuns(ReactiveMongoTemplate mongo, Clock clock) {
        return new ScheduledRuns(mongo, clock);
    }

    @Bean
    OrphanSweepScheduler orphanSweepScheduler(OrphanSweep sweep, AuditProperties properties, ScheduledRuns runs) {
        return new OrphanSweepScheduler(sweep, properties.orphanSweep(), runs);
    }

    @Bean
    AuditScheduler auditScheduler(AuditService audits, AuditProperties properties, ScheduledRuns runs) {
        return new AuditScheduler(audits, properties.schedule(), runs);
    }
}
