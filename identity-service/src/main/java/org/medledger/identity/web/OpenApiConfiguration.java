package org.medledger.identity.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The service's OpenAPI header: what it is (service-support adds the gateway as server and the bearer scheme). */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI identityOpenApi() {
        return new OpenAPI()
                .info(new Info().title("MedLedger identity-service").version("v1")
                        .description("Registration of patients and doctors (accounts live in Keycloak; MedLedger never "
                                + "stores a password), profiles, the public doctor directory, doctor approval and the "
                                + "specializations list. Registration, the directory and the specializations list are "
                                + "public; every other call needs a Keycloak access token (audience `medledger`). Errors "
                                + "are RFC 9457 problem+json with a stable `type` per kind of failure. List answers are "
                                + "JSON arrays paged by `page` and `size`, with `X-Total-Count` and `Link` headers. Events: "
                                + "PatientRegistered, DoctorRegistered, StaffAccountRegistered, DoctorApproved, DoctorRejected, ProfileUpdated on `medledger.identity.v1`."));
    }
}
