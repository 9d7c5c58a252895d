package org.medledger.reportchain.testing;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/** Replaces the Keycloak JWT decoder with one for {@link TestTokens}. */
@TestConfiguration(proxyBeanMethods = false)
public class TestSecurityConfiguration {

    @Bean
    ReactiveJwtDecoder testJwtDecoder() {
        return TestTokens.decoder();
    }
}
