package org.medledger.support.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * What every service's OpenAPI document says alike; each service adds its own title and description.
 * <ul>
 *   <li>The server is the gateway: the API's one public address, and where the Swagger UI at the gateway's
 *       {@code /api/docs} sends its "Try it out" calls. springdoc would name the address the document was fetched
 *       from, which is the service's own and out of reach of callers outside the cluster.</li>
 *   <li>Calls need a Keycloak bearer token (scheme {@code bearer}), which gives the UI its "Authorize" button.</li>
 * </ul>
 */
@AutoConfiguration
@ConditionalOnClass(OpenApiCustomizer.class)
public class OpenApiAutoConfiguration {

    private static final String BEARER = "bearer";

    @Bean
    OpenApiCustomizer medLedgerApiConventions(@Value("${MEDLEDGER_PUBLIC_URL:http://localhost:8080}") String publicUrl) {
        return openApi -> {
            openApi.setServers(List.of(new Server().url(publicUrl).description("MedLedger's gateway")));
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents().addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                    .scheme("bearer").bearerFormat("JWT").description("A Keycloak access token, audience `medledger`"));
            if (openApi.getSecurity() == null || openApi.getSecurity().isEmpty()) {
                openApi.addSecurityItem(new SecurityRequirement().addList(BEARER));
            }
        };
    }
}
