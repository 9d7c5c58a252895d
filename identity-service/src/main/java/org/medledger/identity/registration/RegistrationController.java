package org.medledger.identity.registration;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import org.medledger.identity.profile.Profile;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/identity")
@Tag(name = "Registration", description = "Self-registration of patients and doctors (public)")
class RegistrationController {

    private final Registrations registrations;

    RegistrationController(Registrations registrations) {
        this.registrations = registrations;
    }

    @PostMapping("/patients")
    @SecurityRequirements
    @Operation(summary = "Register a patient", description = "Creates the Keycloak account (the password goes to Keycloak "
            + "only) with the patient role, and the profile. Publishes PatientRegistered.", responses = {
            @ApiResponse(responseCode = "201", description = "Registered; the patient can sign in"),
            @ApiResponse(responseCode = "400", description = "Invalid input, or the password does not meet Keycloak's policy (the reason says why)"),
            @ApiResponse(responseCode = "409", description = "The e-mail address is taken (case-insensitively)"),
            @ApiResponse(responseCode = "503", description = "Keycloak is unavailable; nothing was registered")})
    Mono<ResponseEntity<Registered>> patient(@Valid @RequestBody PatientRegistration request) {
        return registrations.register(request)
                .map(profile -> ResponseEntity.created(URI.create("/api/identity/me")).body(Registered.of(profile, false)));
    }

    @PostMapping("/doctors")
    @SecurityRequirements
    @Operation(summary = "Register a doctor", description = "Creates the Keycloak account without the doctor role, and the "
            + "profile with status PENDING: the doctor can sign in but acts as doctor, and appears in the directory, only "
            + "after an admin approves. Publishes DoctorRegistered (status PENDING).", responses = {
            @ApiResponse(responseCode = "201", description = "Registered, PENDING approval"),
            @ApiResponse(responseCode = "400", description = "Invalid input, an unknown specialization, or a password Keycloak's policy refuses"),
            @ApiResponse(responseCode = "409", description = "The e-mail address is taken (case-insensitively)"),
            @ApiResponse(responseCode = "503", description = "Keycloak is unavailable; nothing was registered")})
    Mono<ResponseEntity<Registered>> doctor(@Valid @RequestBody DoctorRegistration request) {
        return registrations.register(request)
                .map(profile -> ResponseEntity.created(URI.create("/api/identity/me")).body(Registered.of(profile, true)));
    }

    /**
     * @param id Keycloak subject of the new user
     * @param status doctors only: PENDING
     */
    @Schema(description = "A completed registration")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Registered(
            @Schema(description = "User id (the subject of the user's tokens)") String id,
            @Schema(description = "Doctors only: PENDING until an admin approves") String status) {

        static Registered of(Profile profile, boolean doctor) {
            return new Registered(profile.userId(), doctor ? profile.status().name() : null);
        }
    }
}
