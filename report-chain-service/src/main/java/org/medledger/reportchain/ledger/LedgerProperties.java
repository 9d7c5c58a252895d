package org.medledger.reportchain.ledger;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The ledger's settings ({@code medledger.ledger.*}).
 *
 * @param sealer how pending entries are batched into blocks
 */
@ConfigurationProperties("medledger.ledger")
@Validated
public record LedgerProperties(@DefaultValue @Valid Sealer sealer) {

  /**
   * Block sealing. Every instance may seal; the database lets one block per height win and the others retry
   * on the new head.
   *
   * @param enabled whether this instance seals blocks at all (appends are accepted either way)
   * @param maxEntries most entries in one block; a block is sealed as soon as this many are pending
   * @param maxDelay longest a pending entry waits before a block is sealed with whatever is pending
   * @param maxAttempts attempts at one block when other instances keep winning its height
   */
  public record Sealer(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("256") @Min(1) @Max(10_000) int maxEntries,
      @DefaultValue("1s") @NotNull Duration maxDelay,
      @DefaultValue("20") @Min(1) @Max(1_000) int maxAttempts) {

    public Sealer {
      if (maxDelay != null && (maxDelay.isNegative() || maxDelay.isZero())) {
        throw new IllegalArgumentException("medledger.ledger.sealer.max-delay must be positive");
      }
    }
  }
}
