package org.medledger.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LocalStackMainTest {

    @Test
    void readsTheFeatureVersionOfOldAndNewJavaVersions() {
        assertThat(LocalStackMain.featureVersion("1.8")).isEqualTo(8);
        assertThat(LocalStackMain.featureVersion("17")).isEqualTo(17);
        assertThat(LocalStackMain.featureVersion("25")).isEqualTo(25);
    }
}
