package org.medledger.identity.specialization;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.medledger.support.security.CurrentUser;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/identity/specializations")
@Tag(name = "Specializations", description = "The maintained list of doctors' specializations")
class SpecializationController {

    private final Specializations specializations;

    SpecializationController(Specializations specializations) {
        this.specializations = specializations;
    }

    @GetMapping
    @SecurityRequirements
    @Operation(summary = "Every specialization, by name (public)")
    Flux<SpecializationView> list() {
        return specializations.all().map(SpecializationView::of);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Add a specialization (admin)", responses = {
            @ApiResponse(responseCode = "201", description = "Added"),
            @ApiResponse(responseCode = "400", description = "Invalid name or code"),
            @ApiResponse(responseCode = "403", description = "Caller is not an admin"),
            @ApiResponse(responseCode = "409", description = "The code or the name exists")})
    Mono<SpecializationView> add(@Valid @RequestBody NewSpecialization request) {
        return CurrentUser.current()
                .map(caller -> caller.requireRole(CurrentUser.ADMIN))
                .flatMap(admin -> specializations.add(request.code(), request.name(), admin.id()))
                .map(SpecializationView::of);
    }

    /**
     * @param code optional; derived from the name when absent
     * @param name display name
     */
    @Schema(description = "A specialization to add")
    record NewSpecialization(
            @Schema(description = "Stable code, lower-case words joined by dashes; derived from the name when absent",
                    example = "sports-medicine")
            @Size(max = Specializations.MAX_CODE_LENGTH) @Pattern(regexp = "[a-z][a-z0-9]*(-[a-z0-9]+)*",
                    message = "must be lower-case letters and digits in dash-separated words") String code,
            @Schema(description = "Display name", example = "Sports medicine")
            @NotBlank @Size(min = 2, max = 80) @Pattern(regexp = "[\\p{L}\\p{M}][\\p{L}\\p{M}0-9 '&,./()-]*",
                    message = "must start with a letter and hold only letters, digits, spaces and ' & , . / ( ) -") String name) {
    }

    @Schema(description = "A specialization")
    record SpecializationView(
            @Schema(description = "Stable code; what doctors register with", example = "cardiology") String code,
            @Schema(description = "Display name", example = "Cardiology") String name) {

        static SpecializationView of(Specialization specialization) {
            return new SpecializationView(specialization.code(), specialization.name());
        }
    }
}
