package org.medledger.booking.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The service's OpenAPI header: what it is (service-support adds the gateway as server and the bearer scheme). */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI bookingOpenApi() {
        return new OpenAPI()
                .info(new Info().title("MedLedger booking-service").version("v1")
                        .description("Doctors' slots, appointments and their lifecycle. Every call needs a Keycloak access "
                                + "token (audience `medledger`). Errors are RFC 9457 problem+json with a stable `type` per "
                                + "kind of failure. Times are ISO-8601 instants (UTC `Z` or with offset). Events: "
                                + "AppointmentBooked, AppointmentCompleted, AppointmentCancelled on `medledger.booking.v1`."));
    }
}
