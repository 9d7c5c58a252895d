package org.medledger.notification.inbox;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The service's OpenAPI header: what it is (service-support adds the gateway as server and the bearer scheme). */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI notificationOpenApi() {
        return new OpenAPI()
                .info(new Info().title("MedLedger notification-service").version("v1")
                        .description("Each user's in-app notifications (a list, read marks and a live server-sent event "
                                + "stream), made from the other services' events; the same notices go out by e-mail, and "
                                + "each notification shows its e-mail's delivery status. Every call needs a Keycloak "
                                + "access token (audience `medledger`) and sees only the caller's own notifications. "
                                + "Errors are RFC 9457 problem+json with a stable `type` per kind of failure."));
    }
}
