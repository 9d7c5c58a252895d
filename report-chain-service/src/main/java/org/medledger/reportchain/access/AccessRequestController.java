package org.medledger.reportchain.access;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.medledger.reportchain.ledger.Ledger;
import org.medledger.reportchain.ledger.LedgerEntry;
import org.medledger.reportchain.ledger.LedgerEntryKind;
import org.medledger.reportchain.report.Report;
import org.medledger.support.security.CurrentUser;
import org.medledger.support.web.NotFoundException;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/reports/{id}")
@Tag(name = "Report access", description = "Other doctors' access requests, the patient's decisions, the history")
class AccessRequestController {

    private static final String PROBLEM = MediaType.APPLICATION_PROBLEM_JSON_VALUE;
    private static final Set<LedgerEntryKind> HISTORY = Set.of(LedgerEntryKind.ACCESS_REQUESTED,
            LedgerEntryKind.ACCESS_GRANTED, LedgerEntryKind.ACCESS_DENIED, LedgerEntryKind.ACCESS_REVOKED,
            LedgerEntryKind.DOWNLOAD_CODE_ISSUED, LedgerEntryKind.REPORT_DOWNLOADED,
            LedgerEntryKind.ACCESS_DENIED_ATTEMPT);

    private final AccessRequests requests;
    private final Ledger ledger;
    private final ReactiveMongoTemplate mongo;

    AccessRequestController(AccessRequests requests, Ledger ledger, ReactiveMongoTemplate mongo) {
        this.requests = requests;
        this.ledger = ledger;
        this.mongo = mongo;
    }

    @PostMapping("/access-requests")
    @Operation(summary = "Ask the report's patient for access (a doctor who is not an owner)", description = "The "
            + "patient gets an in-app request and, by e-mail, a one-time code they may give the doctor.")
    @ApiResponse(responseCode = "201", description = "Requested")
    @ApiResponse(responseCode = "403", description = "`role-required`", content = @Content(mediaType = PROBLEM,
            schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "`report-not-found`", content = @Content(mediaType = PROBLEM,
            schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "`own-report`, `access-already-granted`, "
            + "`access-request-pending`", content = @Content(mediaType = PROBLEM,
            schema = @Schema(implementation = ProblemDetail.class)))
    Mono<ResponseEntity<Created>> request(@AuthenticationPrincipal Jwt jwt, @PathVariable String id,
            @Valid @RequestBody RequestForm form) {
        return requests.request(CurrentUser.of(jwt), id, form.reason())
                .map(r -> ResponseEntity.created(URI.create("/api/reports/" + id + "/access-requests/" + r.id()))
                        .body(new Created(r.id())));
    }

    @GetMapping("/access-requests")
    @Operation(summary = "Access requests on a report: all of them for its patient, a doctor's own for a doctor")
    Flux<RequestView> list(@AuthenticationPrincipal Jwt jwt, @PathVariable String id) {
        return requests.list(CurrentUser.of(jwt), id).map(RequestView::of);
    }

    @PostMapping("/access-requests/{rid}/approve")
    @Operation(summary = "Grant the request (the report's patient)")
    @ApiResponse(responseCode = "404", description = "`access-request-not-found`", content = @Content(
            mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "`not-pending`", content = @Content(mediaType = PROBLEM,
            schema = @Schema(implementation = ProblemDetail.class)))
    Mono<RequestView> approve(@AuthenticationPrincipal Jwt jwt, @PathVariable String id, @PathVariable String rid) {
        return requests.approve(CurrentUser.of(jwt), id, rid).map(RequestView::of);
    }

    @PostMapping("/access-requests/{rid}/deny")
    @Operation(summary = "Refuse the request (the report's patient)")
    Mono<RequestView> deny(@AuthenticationPrincipal Jwt jwt, @PathVariable String id, @PathVariable String rid) {
        return requests.deny(CurrentUser.of(jwt), id, rid).map(RequestView::of);
    }

    @PostMapping("/access-requests/{rid}/revoke")
    @Operation(summary = "Revoke a grant (the report's patient)")
    @ApiResponse(responseCode = "409", description = "`not-granted`", content = @Content(mediaType = PROBLEM,
            schema = @Schema(implementation = ProblemDetail.class)))
    Mono<RequestView> revoke(@AuthenticationPrincipal Jwt jwt, @PathVariable String id, @PathVariable String rid) {
        return requests.revoke(CurrentUser.of(jwt), id, rid).map(RequestView::of);
    }

    @PostMapping("/access-requests/{rid}/confirm")
    @Operation(summary = "Confirm with the code the patient gave (the asking doctor)")
    @ApiResponse(responseCode = "403", description = "`code-invalid`, `code-expired`, `code-voided`",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    Mono<RequestView> confirm(@AuthenticationPrincipal Jwt jwt, @PathVariable String id, @PathVariable String rid,
            @Valid @RequestBody DownloadCodeController.CodeForm form) {
        return requests.confirm(CurrentUser.of(jwt), id, rid, form.code()).map(RequestView::of);
    }

    @GetMapping({"/access-history", "/access-log"})
    @Operation(summary = "Who asked, was granted, was refused, downloaded (the report's patient), from the ledger")
    @ApiResponse(responseCode = "404", description = "`report-not-found`", content = @Content(mediaType = PROBLEM,
            schema = @Schema(implementation = ProblemDetail.class)))
    Flux<HistoryEntry> history(@AuthenticationPrincipal Jwt jwt, @PathVariable String id) {
        String caller = CurrentUser.of(jwt).id();
        return mongo.findById(id, Report.class)
                .filter(report -> caller.equals(report.patientId()))
                .switchIfEmpty(Mono.error(() -> new NotFoundException("report-not-found", "No such report among yours.")))
                .flatMapMany(report -> ledger.entriesForReport(id))
                .filter(entry -> HISTORY.contains(entry.kind()))
                .map(HistoryEntry::of);
    }

    /** An access request. */
    record RequestForm(@NotBlank @Size(max = 500) @Schema(description = "Why the doctor needs the report")
            String reason) {
    }

    /** The id of a new request. */
    record Created(String id) {
    }

    /** An access request as its patient or its doctor sees it (never the code or its hash). */
    record RequestView(String id, String reportId, String patientId, String doctorId, String reason, String status,
            String via, Instant createdAt, Instant decidedAt, Instant grantExpiresAt, Instant revokedAt, boolean live) {

        static RequestView of(AccessRequest r) {
            return new RequestView(r.id(), r.reportId(), r.patientId(), r.doctorId(), r.reason(), r.status().name(),
                    r.via(), r.createdAt(), r.decidedAt(), r.grantExpiresAt(), r.revokedAt(), r.liveAt(Instant.now()));
        }
    }

    /** One step in a report's access history. */
    record HistoryEntry(String entryId, String kind, String actor, Instant time, Map<String, String> attributes) {

        static HistoryEntry of(LedgerEntry entry) {
            return new HistoryEntry(entry.id(), entry.kind().name(), entry.actor(), entry.time(), entry.attributes());
        }
    }
}
