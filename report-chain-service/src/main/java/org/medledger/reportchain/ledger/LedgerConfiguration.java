package org.medledger.reportchain.ledger;

import java.time.Clock;
import org.medledger.events.EventCodec;
import org.medledger.reportchain.crypto.KeyProvider;
import org.medledger.reportchain.crypto.LedgerSigner;
import org.medledger.reportchain.crypto.LocalKeyring;
import org.medledger.reportchain.report.LedgerRecorder;
import org.medledger.support.events.OutboxRelay;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;

/** Wires the ledger: store, sealer, proofs, the {@link Ledger} and {@link ReceiptService} beans. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LedgerProperties.class)
class LedgerConfiguration {

  /**
   * The signing keys: a {@link LedgerSigner} bean if there is one (fixed, not rotatable here), else the local
   * keyring's ledger key versions.
   */
  @Bean
  LedgerSigningKeys ledgerSigningKeys(ObjectProvider<LedgerSigner> signers, ObjectProvider<KeyProvider> keyProviders) {
    LedgerSigner signer = signers.getIfUnique();
    if (signer != null) {
      return LedgerSigningKeys.fixed(signer);
    }
    if (keyProviders.getIfUnique() instanceof LocalKeyring keyring) {
      return LedgerSigningKeys.of(keyring);
    }
    throw new IllegalStateException("The ledger needs its Ed25519 signing key: define a LedgerSigner bean or "
        + "use the LocalKeyring key provider, which holds one");
  }

  @Bean
  LedgerStore ledgerStore(ReactiveMongoTemplate mongo) {
    return new LedgerStore(mongo);
  }

  @Bean
  BlockSealer blockSealer(LedgerStore store, LedgerSigningKeys keys, EventCodec codec,
      ObjectProvider<OutboxRelay> relay, LedgerProperties properties, ObjectProvider<Clock> clock) {
    return new BlockSealer(store, keys, codec, () -> relay.ifAvailable(OutboxRelay::nudge),
        properties.sealer(), clock.getIfUnique(Clock::systemUTC));
  }

  @Bean
  LedgerTree ledgerTree(LedgerStore store, BlockSealer sealer) {
    return new LedgerTree(store, sealer::repairNodes);
  }

  @Bean
  Ledger ledger(LedgerStore store, BlockSealer sealer, ObjectProvider<Clock> clock) {
    return new MongoLedger(store, sealer, clock.getIfUnique(Clock::systemUTC));
  }

  @Bean
  LedgerQueries ledgerQueries(LedgerStore store, LedgerTree tree, LedgerSigningKeys keys) {
    return new LedgerQueries(store, tree, keys);
  }

  @Bean
  ReceiptService receiptService(LedgerStore store, LedgerQueries queries, LedgerSigningKeys keys) {
    return new ReceiptService(store, queries, keys);
  }

  @Bean
  LedgerKeyRotations ledgerKeyRotations(LedgerStore store, BlockSealer sealer, Ledger ledger, LedgerSigningKeys keys,
      ObjectProvider<Clock> clock) {
    return new LedgerKeyRotations(store, sealer, ledger, keys, clock.getIfUnique(Clock::systemUTC));
  }

  /** Replaces the report package's logging stand-in. */
  @Bean
  @Primary
  LedgerRecorder ledgerRecorder(Ledger ledger) {
    return new LedgerReportRecorder(ledger);
  }
}
