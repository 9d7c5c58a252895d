package org.medledger.reportchain.chunking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CryptoWarmUpTest {

    @Test
    void runNow_sealsHashesAndOpensEveryRound() {
        assertThat(new CryptoWarmUp(50, 1024).runNow()).isEqualTo(50);
    }

    @Test
    void start_runsInTheBackgroundAndFinishes() {
        CryptoWarmUp warmUp = new CryptoWarmUp(20, 1024);
        warmUp.start();
        await().atMost(Duration.ofSeconds(30)).until(warmUp::isDone);
        assertThat(warmUp.isRunning()).isFalse();
    }

    @Test
    void start_withZeroRounds_isDoneAtOnce() {
        CryptoWarmUp warmUp = new CryptoWarmUp(0, 1024);
        warmUp.start();
        assertThat(warmUp.isDone()).isTrue();
    }
}
