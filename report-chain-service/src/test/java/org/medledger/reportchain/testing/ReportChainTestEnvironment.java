package org.medledger.reportchain.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Points a test context at the shared S3 servers (bucket a and bucket b on two endpoints), the fake booking-service
 * and a fresh keyring directory under {@code target/}.
 */
public class ReportChainTestEnvironment implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        Path keyring;
        try {
            keyring = Files.createTempDirectory(Files.createDirectories(Path.of("target", "keyrings")), "keyring-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TestPropertyValues.of(
                "medledger.storage.endpoint=" + S3TestServers.a().endpoint(),
                "medledger.storage.a.bucket=" + S3TestServers.a().bucket(),
                "medledger.storage.b.bucket=" + S3TestServers.b().bucket(),
                "medledger.storage.b.endpoint=" + S3TestServers.b().endpoint(),
                "medledger.booking.base-url=" + FakeBookingService.instance().baseUrl(),
                "medledger.keys.local.directory=" + keyring.toAbsolutePath()).applyTo(context);
    }
}
