package org.medledger.identity.me;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.medledger.identity.web.Callers;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/identity/me")
@Tag(name = "Me", description = "The caller's own profile")
class MeController {

    private final MyProfile myProfile;

    MeController(MyProfile myProfile) {
        this.myProfile = myProfile;
    }

    @GetMapping
    @Operation(summary = "The caller's profile and roles", responses = {
            @ApiResponse(responseCode = "200", description = "The profile"),
            @ApiResponse(responseCode = "404", description = "The account has no MedLedger role and no profile")})
    Mono<MeView> me(@AuthenticationPrincipal Jwt token) {
        return Callers.current()
                .flatMap(caller -> myProfile.of(caller, token).map(profile -> MeView.of(profile, caller.roles())));
    }

    @PatchMapping
    @Operation(summary = "Change the editable fields of the caller's profile", description = "name, phone, address, "
            + "gender, dateOfBirth; absent fields stay. Publishes ProfileUpdated.", responses = {
            @ApiResponse(responseCode = "200", description = "The changed profile"),
            @ApiResponse(responseCode = "400", description = "Invalid or non-editable fields, or nothing to change"),
            @ApiResponse(responseCode = "503", description = "Keycloak is unavailable (a name change); nothing changed")})
    Mono<MeView> update(@AuthenticationPrincipal Jwt token, @Valid @RequestBody ProfileChanges changes) {
        return Callers.current()
                .flatMap(caller -> myProfile.update(caller, token, changes).map(profile -> MeView.of(profile, caller.roles())));
    }
}
