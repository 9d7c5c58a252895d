package org.medledger.identity.doctor;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.medledger.identity.web.Callers;
import org.medledger.identity.web.PageRequestParams;
import org.medledger.identity.web.Paged;
import org.medledger.support.security.CurrentUser;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/identity/doctors")
@Tag(name = "Doctors", description = "The public directory of approved doctors, and their approval by admins")
class DoctorController {

    private final DoctorDirectory directory;
    private final DoctorApprovals approvals;

    DoctorController(DoctorDirectory directory, DoctorApprovals approvals) {
        this.directory = directory;
        this.approvals = approvals;
    }

    @GetMapping
    @SecurityRequirements
    @Operation(summary = "Search the directory of approved doctors (public)", description = "A JSON array of directory "
            + "entries: id, name, specialization, gender, phone; never e-mail, address or birth date.", responses =
            @ApiResponse(responseCode = "200", description = "One page of doctors", headers = {
                    @Header(name = Paged.TOTAL_COUNT, description = "Doctors on all pages"),
                    @Header(name = "Link", description = "RFC 8288 links rel=next and rel=prev, where they exist")}))
    Mono<ResponseEntity<List<DirectoryEntry>>> search(
            @Parameter(description = "Specialization code") @RequestParam(required = false) String specialization,
            @Parameter(description = "Part of the name, any case") @RequestParam(required = false) String q,
            @Parameter(description = "name or specialization, optionally with ,asc or ,desc; default name")
            @RequestParam(required = false) String sort,
            @Parameter(description = "Zero-based page") @RequestParam(required = false) Integer page,
            @Parameter(description = "Page size, 1 to 100, default 20") @RequestParam(required = false) Integer size,
            ServerHttpRequest request) {
        return Mono.defer(() -> directory.search(specialization, q, sort, PageRequestParams.of(page, size)))
                .map(paged -> paged.toResponse(UriComponentsBuilder.fromUri(request.getURI())));
    }

    @GetMapping("/pending")
    @Operation(summary = "Doctors awaiting approval, oldest first (admin)", responses = {
            @ApiResponse(responseCode = "200", description = "One page of pending doctors"),
            @ApiResponse(responseCode = "403", description = "Caller is not an admin")})
    Mono<ResponseEntity<List<PendingDoctor>>> pending(@RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size, ServerHttpRequest request) {
        return Callers.withRole(CurrentUser.ADMIN)
                .flatMap(admin -> directory.pending(PageRequestParams.of(page, size)))
                .map(paged -> paged.toResponse(UriComponentsBuilder.fromUri(request.getURI())));
    }

    @GetMapping("/{id}")
    @SecurityRequirements
    @Operation(summary = "One approved doctor (public)", responses = {
            @ApiResponse(responseCode = "200", description = "The doctor's directory entry"),
            @ApiResponse(responseCode = "404", description = "No approved doctor has this id")})
    Mono<DirectoryEntry> doctor(@PathVariable String id) {
        return directory.approved(id);
    }

    @PostMapping("/{id}/approve")
    @Operation(summary = "Approve a pending doctor (admin)", description = "Grants the Keycloak realm role doctor (in the "
            + "doctor's next token), lists the doctor in the directory and publishes DoctorApproved. Approving an approved "
            + "doctor changes nothing.", responses = {
            @ApiResponse(responseCode = "200", description = "The doctor is APPROVED"),
            @ApiResponse(responseCode = "403", description = "Caller is not an admin, or is this doctor"),
            @ApiResponse(responseCode = "404", description = "No doctor has this id"),
            @ApiResponse(responseCode = "409", description = "The doctor was rejected"),
            @ApiResponse(responseCode = "503", description = "Keycloak is unavailable; nothing changed")})
    Mono<DoctorDecision> approve(@PathVariable String id) {
        return Callers.withRole(CurrentUser.ADMIN)
                .flatMap(admin -> approvals.approve(id, admin))
                .map(DoctorDecision::of);
    }

    @PostMapping("/{id}/reject")
    @Operation(summary = "Reject a pending doctor (admin)", description = "The doctor keeps their account without the "
            + "doctor role and sees the reason in their profile; publishes DoctorRejected.", responses = {
            @ApiResponse(responseCode = "200", description = "The doctor is REJECTED"),
            @ApiResponse(responseCode = "400", description = "No reason given"),
            @ApiResponse(responseCode = "403", description = "Caller is not an admin, or is this doctor"),
            @ApiResponse(responseCode = "404", description = "No doctor has this id"),
            @ApiResponse(responseCode = "409", description = "The doctor is approved already")})
    Mono<DoctorDecision> reject(@PathVariable String id, @Valid @RequestBody Rejection rejection) {
        return Callers.withRole(CurrentUser.ADMIN)
                .flatMap(admin -> approvals.reject(id, rejection.reason(), admin))
                .map(DoctorDecision::of);
    }

    /** @param reason why, for the doctor */
    @Schema(description = "Why the doctor is rejected")
    record Rejection(@Schema(description = "Shown to the doctor", example = "Licence number could not be verified")
                     @NotBlank @Size(max = 500) String reason) {
    }
}
