package org.medledger.localstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * What the run command prints once everything is up: where each part answers and how to log in. It is the one
 * thing on the console that a developer reads, so it says everything needed to start clicking and nothing else.
 */
final class ConsoleBanner {

    private ConsoleBanner() {
    }

    static String render(LocalStackConfig config, boolean infraOnly, Duration startTime, DemoAccounts demo,
            Path envDir) {
        var out = new StringBuilder();
        String nl = System.lineSeparator();
        out.append(nl).append(String.format(Locale.ROOT, "MedLedger local stack is up (%d s). Data: %s", 
                startTime.toSeconds(), config.dataDir())).append(nl).append(nl);
        if (!infraOnly) {
            row(out, "Web UI and API", config.gatewayUrl());
        }
        if (config.keycloakEnabled()) {
            row(out, "Keycloak", config.keycloakUrl() + "  (admin console " + config.keycloakUrl() + "/admin: "
                    + KeycloakProcess.DEV_ADMIN_USERNAME + " / " + KeycloakProcess.DEV_ADMIN_PASSWORD + ")");
            row(out, "  realm issuer", config.issuerUri());
        }
        row(out, "Kafka", config.kafkaBootstrapServers());
        row(out, "S3 (path-style)", config.s3Endpoint() + "  buckets " + String.join(", ", LocalStackConfig.BUCKETS)
                + "  key " + config.s3AccessKey() + " / " + config.s3SecretKey());
        row(out, "MongoDB", "mongodb://" + config.publicHost() + ":" + config.mongoPort());
        row(out, "SMTP / IMAP", config.publicHost() + ":" + config.smtpPort() + " / " + config.publicHost() + ":"
                + config.imapPort() + "  (IMAP login = password = the e-mail address)");
        row(out, "Logs", config.dataDir().resolve("logs").toString());
        if (config.keycloakEnabled() && !demo.accounts().isEmpty()) {
            out.append(nl).append("Demo accounts (development realm only):").append(nl);
            out.append(String.format(Locale.ROOT, "  %-10s %-30s %-10s %s%n", "user", "e-mail", "role", "password"));
            for (DemoAccounts.Account account : demo.accounts()) {
                out.append(String.format(Locale.ROOT, "  %-10s %-30s %-10s %s%n", account.username(), account.email(),
                        String.join(",", account.roles()), account.password()));
            }
            out.append("  Scripts get tokens from the public client medledger-cli (password grant).").append(nl);
        }
        if (infraOnly) {
            out.append(nl).append("Services not started (--infra-only). Run one from your IDE with the environment in ")
                    .append(envDir).append(nl);
        }
        out.append(nl).append("Press Ctrl-C to stop.").append(nl);
        return out.toString();
    }

    private static void row(StringBuilder out, String what, String where) {
        out.append(String.format(Locale.ROOT, "  %-16s %s%n", what, where));
    }
}
