package org.medledger.reportchain.access;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import org.medledger.support.security.CurrentUser;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/reports/{id}")
@Tag(name = "Report downloads", description = "One-time codes and download tokens in front of a report's content")
class DownloadCodeController {

    private static final String PROBLEM = MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    private final DownloadCodes codes;

    DownloadCodeController(DownloadCodes codes) {
        this.codes = codes;
    }

    @PostMapping("/download-code")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "E-mail the caller a one-time download code (owner patient, uploading or granted doctor)",
            description = "The code is valid 10 minutes (configurable), single use; it supersedes the caller's "
                    + "previous code for this report. It reaches the caller by e-mail only.")
    @ApiResponse(responseCode = "202", description = "A code is on its way")
    @ApiResponse(responseCode = "404", description = "`report-not-found` (also for reports of others)",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "429", description = "`too-many-codes`: hourly quota per account reached",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    Mono<CodeIssued> issue(@AuthenticationPrincipal Jwt jwt, @PathVariable String id) {
        return codes.issue(CurrentUser.of(jwt), id).map(CodeIssued::new);
    }

    @PostMapping("/download-token")
    @Operation(summary = "Exchange a one-time code for a single-use download token (5 minutes)",
            description = "Send the token as `X-Download-Token` on `GET /api/reports/{id}/content`.")
    @ApiResponse(responseCode = "200", description = "The token")
    @ApiResponse(responseCode = "403", description = "`no-download-code`, `code-invalid`, `code-expired`, "
            + "`code-used`, `code-voided`", content = @Content(mediaType = PROBLEM,
            schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "`report-not-found`",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    Mono<TokenView> exchange(@AuthenticationPrincipal Jwt jwt, @PathVariable String id,
            @Valid @RequestBody CodeForm form) {
        return codes.exchange(CurrentUser.of(jwt), id, form.code())
                .map(issued -> new TokenView(issued.token(), issued.expiresAt()));
    }

    /** A code exchange. */
    record CodeForm(@NotNull @Pattern(regexp = "\\d{6,12}", message = "must be 6 to 12 digits")
            @Schema(description = "The one-time code from the e-mail") String code) {
    }

    /** The answer to a code request; the code itself goes by e-mail only. */
    record CodeIssued(@Schema(description = "When the code expires") Instant expiresAt) {
    }

    /** A download token. */
    record TokenView(@Schema(description = "Single-use download token") String token,
            @Schema(description = "When the token expires") Instant expiresAt) {
    }
}
