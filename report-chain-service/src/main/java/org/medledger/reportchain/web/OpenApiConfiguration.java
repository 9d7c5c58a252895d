package org.medledger.reportchain.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The service's OpenAPI header: what it is (service-support adds the gateway as server and the bearer scheme). */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI reportChainOpenApi() {
        return new OpenAPI()
                .info(new Info().title("MedLedger report-chain-service").version("v1")
                        .description("Patients' reports: uploaded by the doctor of a completed appointment, streamed in "
                                + "chunks that are encrypted (AES-256-GCM), hash-chained and stored in two buckets; "
                                + "downloads verify every chunk before sending it. A download needs a single-use token, "
                                + "exchanged for a one-time code sent by e-mail; other doctors get access by the "
                                + "patient's approval. Every report is recorded on a signed, tamper-evident ledger "
                                + "(RFC 9162 proofs); auditors check the stored chunks, the manifests and the ledger. "
                                + "Every call needs a Keycloak access token (audience `medledger`). Errors are RFC 9457 "
                                + "problem+json with a stable `type` per kind of failure. Events on `medledger.report.v1`, "
                                + "`medledger.access.v1`, `medledger.audit.v1` and `medledger.ledger.blocks.v1`."));
    }
}
