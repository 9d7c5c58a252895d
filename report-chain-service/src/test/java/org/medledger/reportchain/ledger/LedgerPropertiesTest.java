package org.medledger.reportchain.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Binding of {@code medledger.ledger.*} without a context. */
class LedgerPropertiesTest {

  @Test
  void bind_nothingSet_defaults() {
    LedgerProperties properties = bind(Map.of());

    assertThat(properties.sealer().enabled()).isTrue();
    assertThat(properties.sealer().maxEntries()).isEqualTo(256);
    assertThat(properties.sealer().maxDelay()).isEqualTo(Duration.ofSeconds(1));
    assertThat(properties.sealer().maxAttempts()).isEqualTo(20);
  }

  @Test
  void bind_relaxedNames_bound() {
    LedgerProperties properties = bind(Map.of("medledger.ledger.sealer.max-entries", "8",
        "medledger.ledger.sealer.max-delay", "150ms", "medledger.ledger.sealer.enabled", "false"));

    assertThat(properties.sealer().maxEntries()).isEqualTo(8);
    assertThat(properties.sealer().maxDelay()).isEqualTo(Duration.ofMillis(150));
    assertThat(properties.sealer().enabled()).isFalse();
  }

  @Test
  void bind_zeroDelay_fails() {
    assertThatThrownBy(() -> bind(Map.of("medledger.ledger.sealer.max-delay", "0s"))).isInstanceOf(BindException.class);
  }

  private static LedgerProperties bind(Map<String, String> values) {
    return new Binder(new MapConfigurationPropertySource(values))
        .bindOrCreate("medledger.ledger", Bindable.of(LedgerProperties.class));
  }
}
