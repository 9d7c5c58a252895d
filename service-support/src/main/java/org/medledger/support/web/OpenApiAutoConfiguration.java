package org.medledger.support.web;

import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Every service's OpenAPI document names the gateway as its server: the API's one public address, and where the
 * Swagger UI at the gateway's {@code /api/docs} sends its "Try it out" calls. springdoc would name the address the
 * document was fetched from, which is the service's own and out of reach of callers outside the cluster.
 */
@AutoConfiguration
@ConditionalOnClass(OpenApiCustomizer.class)
public class OpenApiAutoConfiguration {

    @Bean
    OpenApiCustomizer gatewayAsServer(@Value("${MEDLEDGER_PUBLIC_URL:http://localhost:8080}") String publicUrl) {
        return openApi -> openApi.setServers(List.of(new Server().url(publicUrl).description("MedLedger's gateway")));
    }
}
