package org.medledger.reportchain.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.medledger.reportchain.report.KeyRotations;
import org.medledger.support.security.CurrentUser;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/reports/keys")
@Tag(name = "Keys", description = "Key-encryption-key rotation")
class KeyController {

    private final KeyRotations rotations;

    KeyController(KeyRotations rotations) {
        this.rotations = rotations;
    }

    @PostMapping("/rotate")
    @Operation(summary = "Rotate the key-encryption key and re-wrap every data key (admin)", description = "Creates "
            + "a new KEK version (local keyring) and re-wraps each report's data key under it; no chunk is read or "
            + "written. Each manifest records the re-wrap. With AWS KMS, configure the new key first; this then "
            + "re-wraps every data key under it.")
    @ApiResponse(responseCode = "200", description = "Rotated")
    @ApiResponse(responseCode = "403", description = "`role-required`",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    Mono<KeyRotations.Result> rotate(@AuthenticationPrincipal Jwt jwt) {
        return rotations.rotate(CurrentUser.of(jwt));
    }
}
