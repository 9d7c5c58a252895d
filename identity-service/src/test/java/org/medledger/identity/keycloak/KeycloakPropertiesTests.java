package org.medledger.identity.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class KeycloakPropertiesTests {

    @Test
    void bind_nothingSet_localStackDefaults() {
        KeycloakProperties properties = bind(Map.of());

        assertThat(properties.adminUrl()).isEqualTo("http://localhost:8180/admin/realms/medledger");
        assertThat(properties.tokenUrl()).isEqualTo("http://localhost:8180/realms/medledger/protocol/openid-connect/token");
        assertThat(properties.clientId()).isEqualTo("identity-service");
        assertThat(properties.callTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(properties.resilience().maxAttempts()).isEqualTo(3);
    }

    @Test
    void bind_overrides_appliedAndTrailingSlashIgnored() {
        KeycloakProperties properties = bind(Map.of(
                "medledger.identity.keycloak.url", "http://keycloak.internal:8080/",
                "medledger.identity.keycloak.realm", "hospital",
                "medledger.identity.keycloak.client-secret", "s3cr3t-value",
                "medledger.identity.keycloak.resilience.max-attempts", "1",
                "medledger.identity.keycloak.call-timeout", "750ms"));

        assertThat(properties.adminUrl()).isEqualTo("http://keycloak.internal:8080/admin/realms/hospital");
        assertThat(properties.callTimeout()).isEqualTo(Duration.ofMillis(750));
        assertThat(properties.resilience().maxAttempts()).isEqualTo(1);
        assertThat(properties.toString()).doesNotContain("s3cr3t-value");
    }

    private static KeycloakProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("medledger.identity.keycloak", KeycloakProperties.class);
    }
}
