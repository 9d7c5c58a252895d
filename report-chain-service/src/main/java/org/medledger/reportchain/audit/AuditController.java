package org.medledger.reportchain.audit;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.medledger.events.audit.AuditCompleted;
import org.medledger.support.security.CurrentUser;
import org.medledger.support.web.InvalidRequestException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/audits")
@Tag(name = "Audits", description = "Integrity audits of the stored chunks, manifests and the ledger (role auditor)")
class AuditController {

    private final AuditService audits;

    AuditController(AuditService audits) {
        this.audits = audits;
    }

    @PostMapping
    @Operation(summary = "Start an audit", description = "ALL reports, one REPORT (reportId) or a random SAMPLE of "
            + "chunks (fraction, 0 < f <= 1). Runs in the background; 202 with the audit id.")
    Mono<ResponseEntity<AuditView.Started>> start(@AuthenticationPrincipal Jwt jwt,
            @RequestBody AuditRequest request) {
        CurrentUser caller = CurrentUser.of(jwt).requireRole(CurrentUser.AUDITOR);
        if (request == null || request.scope() == null) {
            throw new InvalidRequestException("invalid-audit-request", "scope is required: ALL, REPORT or SAMPLE.");
        }
        if (request.scope() == AuditCompleted.Scope.REPORT
                && (request.reportId() == null || request.reportId().isBlank() || request.reportId().length() > 128)) {
            throw new InvalidRequestException("invalid-audit-request", "scope REPORT needs a reportId.");
        }
        if (request.scope() == AuditCompleted.Scope.SAMPLE
                && (request.fraction() == null || !(request.fraction() > 0 && request.fraction() <= 1))) {
            throw new InvalidRequestException("invalid-audit-request", "scope SAMPLE needs a fraction, 0 < f <= 1.");
        }
        return audits.start(request.scope(), request.reportId(), request.fraction(), caller.id())
                .map(audit -> ResponseEntity.status(HttpStatus.ACCEPTED)
                        .body(new AuditView.Started(audit.id(), audit.status())));
    }

    @GetMapping("/{id}")
    @Operation(summary = "One audit", description = "Progress, counts, ledger verdict, findings and repairs.")
    Mono<AuditView> get(@AuthenticationPrincipal Jwt jwt, @PathVariable String id) {
        CurrentUser.of(jwt).requireRole(CurrentUser.AUDITOR, CurrentUser.ADMIN);
        return audits.get(id).map(audit -> AuditView.of(audit, true));
    }

    @GetMapping
    @Operation(summary = "Past audits, newest first")
    Mono<AuditView.Page> list(@AuthenticationPrincipal Jwt jwt,
            @Parameter(description = "Page, from 0") @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
            @Parameter(description = "Page size") @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
        CurrentUser.of(jwt).requireRole(CurrentUser.AUDITOR, CurrentUser.ADMIN);
        return audits.list(page, size).map(audit -> AuditView.of(audit, false)).collectList()
                .zipWith(audits.count(), (items, total) -> new AuditView.Page(items, page, size, total));
    }
}
