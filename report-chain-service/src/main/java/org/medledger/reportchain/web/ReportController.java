package org.medledger.reportchain.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Encoding;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.medledger.reportchain.config.ReportProperties;
import org.medledger.reportchain.ledger.ReceiptService;
import org.medledger.reportchain.report.DownloadRecorder;
import org.medledger.reportchain.report.PayloadTooLargeException;
import org.medledger.reportchain.report.ReportDamagedException;
import org.medledger.reportchain.report.ReportContents;
import org.medledger.reportchain.report.ReportQueries;
import org.medledger.reportchain.report.ReportUploads;
import org.medledger.support.security.CurrentUser;
import org.medledger.support.web.ConflictException;
import org.medledger.support.web.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/reports")
@Validated
@Tag(name = "Reports", description = "Encrypted, hash-chained reports stored in two buckets")
class ReportController {

    private static final Logger log = LoggerFactory.getLogger(ReportController.class);
    private static final String PROBLEM = MediaType.APPLICATION_PROBLEM_JSON_VALUE;
    /** Header naming the media type of a raw-body upload's file. */
    static final String REPORT_CONTENT_TYPE = "X-Report-Content-Type";
    /** Room for the multipart framing and the appointmentId field on top of the file itself. */
    private static final long MULTIPART_OVERHEAD = 64 * 1024;

    private final ReportUploads uploads;
    private final ReportQueries queries;
    private final ReportContents contents;
    private final DownloadGate downloadGate;
    private final DownloadRecorder downloads;
    private final ReportProperties properties;
    private final ReceiptService receipts;
    private final TransferAdmission admission;

    ReportController(ReportUploads uploads, ReportQueries queries, ReportContents contents, DownloadGate downloadGate,
            DownloadRecorder downloads, ReportProperties properties, ReceiptService receipts,
            TransferAdmission admission) {
        this.uploads = uploads;
        this.queries = queries;
        this.contents = contents;
        this.downloadGate = downloadGate;
        this.downloads = downloads;
        this.properties = properties;
        this.receipts = receipts;
        this.admission = admission;
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Upload the report of a completed appointment (its doctor)", description = "Multipart with "
            + "the form field `appointmentId` first, then the part `file`. The file streams through chunking, "
            + "AES-256-GCM sealing and hashing into both buckets; it is never held whole. The appointment must be the "
            + "caller's and COMPLETED in booking-service, and have no report yet.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = MediaType.MULTIPART_FORM_DATA_VALUE, schema = @Schema(implementation = UploadForm.class),
                    encoding = @Encoding(name = "file", contentType = "application/octet-stream"))))
    @ApiResponse(responseCode = "201", description = "Stored")
    @ApiResponse(responseCode = "400", description = "`invalid-upload`, `empty-file`, `invalid-appointment-id`, "
            + "`malformed-multipart`", content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "403", description = "`role-required` (not a doctor), `not-your-appointment`",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "`appointment-not-found`",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "`appointment-not-completed`, `report-exists`",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "413", description = "`upload-too-large`",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "503", description = "`transfer-capacity` (too many transfers at once; see "
            + "`Retry-After`), `booking-unavailable`, `storage-unavailable`, `key-provider-unavailable`: nothing was "
            + "stored",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    Mono<ResponseEntity<UploadResult>> upload(@AuthenticationPrincipal Jwt jwt, ServerWebExchange exchange,
            @RequestBody Flux<DataBuffer> body) {
        return Mono.defer(() -> {
            CurrentUser caller = CurrentUser.of(jwt).requireRole(CurrentUser.DOCTOR);
            ServerHttpRequest request = exchange.getRequest();
            long maxFile = properties.maxSize().toBytes();
            long maxBody = maxFile + MULTIPART_OVERHEAD;
            if (request.getHeaders().getContentLength() > maxBody) {
                throw new PayloadTooLargeException(maxFile);
            }
            admission.admitUpload(exchange, request.getHeaders().getContentLength());
            return MultipartUpload.store(body, request.getHeaders().getContentType(), maxFile, maxBody, caller,
                            jwt.getTokenValue(), uploads)
                    .map(report -> ResponseEntity.created(URI.create("/api/reports/" + report.id()))
                            .body(UploadResult.of(report)));
        });
    }

    @PostMapping(consumes = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    @Operation(summary = "Upload a report as the raw request body (its doctor)", description = "The same upload as the "
            + "multipart form, for clients that can send the file as the body: `appointmentId` as a query parameter, the "
            + "file name in a `Content-Disposition` header (`attachment; filename*=UTF-8''...`), the file's media type in "
            + "`X-Report-Content-Type`. Skips multipart parsing.")
    @ApiResponse(responseCode = "201", description = "Stored")
    @ApiResponse(responseCode = "4XX", description = "As for the multipart upload",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    Mono<ResponseEntity<UploadResult>> uploadRaw(@AuthenticationPrincipal Jwt jwt, ServerWebExchange exchange,
            @Parameter(description = "The completed appointment") @RequestParam String appointmentId,
            @RequestBody Flux<DataBuffer> body) {
        return Mono.defer(() -> {
            CurrentUser caller = CurrentUser.of(jwt).requireRole(CurrentUser.DOCTOR);
            HttpHeaders headers = exchange.getRequest().getHeaders();
            if (headers.getContentLength() > properties.maxSize().toBytes()) {
                throw new PayloadTooLargeException(properties.maxSize().toBytes());
            }
            admission.admitUpload(exchange, headers.getContentLength());
            String fileName = fileName(headers);
            String contentType = headers.getFirst(REPORT_CONTENT_TYPE);
            return uploads.permit(caller, jwt.getTokenValue(), appointmentId)
                    .flatMap(permit -> uploads.store(permit, fileName, contentType, body))
                    .map(report -> ResponseEntity.created(URI.create("/api/reports/" + report.id()))
                            .body(UploadResult.of(report)));
        });
    }

    private static String fileName(HttpHeaders headers) {
        String disposition = headers.getFirst(HttpHeaders.CONTENT_DISPOSITION);
        if (disposition == null) {
            return null;
        }
        try {
            return ContentDisposition.parse(disposition).getFilename();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @GetMapping
    @Operation(summary = "The caller's reports, newest first", description = "A patient's own reports; a doctor's "
            + "uploaded (and, with grants, granted) reports.")
    Flux<ReportView> list(@AuthenticationPrincipal Jwt jwt,
            @Parameter(description = "Page, from 0") @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
            @Parameter(description = "Page size") @RequestParam(defaultValue = "50") @Min(1) @Max(200) int size) {
        return queries.list(CurrentUser.of(jwt), page, size).map(ReportView::of);
    }

    @GetMapping("/{id}")
    @Operation(summary = "A report's metadata (its patient, its uploading doctor, a granted doctor)")
    @ApiResponse(responseCode = "404", description = "`report-not-found` (also for reports of others)",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    Mono<ReportView> find(@AuthenticationPrincipal Jwt jwt, @PathVariable String id) {
        return queries.readable(CurrentUser.of(jwt), id).map(ReportView::of);
    }

    @GetMapping("/{id}/receipt")
    @Operation(summary = "A report's receipt: chunk hashes, chain head and Merkle root, and the ledger's proof that "
            + "they were recorded, to verify offline", description = "`ledger` is the signed ledger receipt that "
            + "`verify-receipt` of the ledger-verifier checks against the downloaded file and the ledger's public key; "
            + "null for a few seconds after the upload, until its ledger entry is sealed into a block.")
    @ApiResponse(responseCode = "404", description = "`report-not-found`",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    Mono<ReceiptView> receipt(@AuthenticationPrincipal Jwt jwt, @PathVariable String id) {
        return queries.readable(CurrentUser.of(jwt), id).flatMap(report -> receipts.receiptFor(report.id())
                .map(ledger -> ReceiptView.of(report, ledger))
                // no ledger proof yet (its entry waits for its block, about a second) or ever (stored before the
                // ledger recorded uploads): the commitments still stand on their own
                .onErrorResume(e -> e instanceof NotFoundException || e instanceof ConflictException,
                        e -> Mono.just(ReceiptView.of(report, null))));
    }

    @GetMapping("/{id}/content")
    @Operation(summary = "The report's file, streamed and verified chunk by chunk", description = "Each chunk's hash, "
            + "chain link and GCM tag are checked before any of its bytes are sent; a bad copy in one bucket is "
            + "replaced by the other's. If no copy of a chunk verifies, the response is aborted (never a short body "
            + "that looks complete); if that happens at the first chunk, the answer is 502 `report-damaged`.")
    @ApiResponse(responseCode = "200", description = "The file", content = @Content(
            mediaType = MediaType.APPLICATION_OCTET_STREAM_VALUE))
    @ApiResponse(responseCode = "404", description = "`report-not-found`",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "502", description = "`report-damaged`",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "503", description = "`transfer-capacity` (too many transfers at once; see "
            + "`Retry-After`; the download token is not spent), `storage-unavailable`, `key-provider-unavailable`",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    Mono<ResponseEntity<Flux<DataBuffer>>> content(@AuthenticationPrincipal Jwt jwt, @PathVariable String id,
            ServerWebExchange exchange) {
        CurrentUser caller = CurrentUser.of(jwt);
        return Mono.defer(() -> {
                    admission.admitDownload(exchange);
                    return downloadGate.admit(caller, id, exchange.getRequest());
                })
                .doOnNext(report -> admission.fitDownload(exchange, report))
                .flatMap(contents::open)
                .flatMap(content -> downloads.record(content.report(), caller.id()).thenReturn(content))
                .map(content -> ResponseEntity.ok()
                        .contentType(mediaType(content.report().contentType()))
                        .contentLength(content.contentLength())
                        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                                .filename(content.report().fileName(), StandardCharsets.UTF_8).build().toString())
                        .header("X-Content-Type-Options", "nosniff")
                        .header(HttpHeaders.CACHE_CONTROL, "no-store")
                        .header("X-Report-Root-Hash", content.report().rootHash())
                        .body(downloads.served(content.report(), caller.id(), content.body())));
    }

    /**
     * A report that fails verification: 502 {@code report-damaged} while nothing was sent; once the content has
     * started, the error propagates so the server aborts the connection (the client sees a truncated transfer,
     * never a complete-looking file).
     */
    @ExceptionHandler(ReportDamagedException.class)
    Mono<ResponseEntity<ProblemDetail>> damaged(ReportDamagedException e, ServerWebExchange exchange) {
        if (exchange.getResponse().isCommitted()) {
            log.error("Download of report {} aborted at chunk {}: no copy verifies", e.reportId(), e.chunkIndex());
            return Mono.error(e);
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
        problem.setType(e.type());
        return Mono.just(ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem));
    }

    private static MediaType mediaType(String stored) {
        try {
            return MediaType.parseMediaType(stored);
        } catch (RuntimeException e) {
            return MediaType.APPLICATION_OCTET_STREAM;
        }
    }

    /** The multipart form, for the OpenAPI document. */
    @Schema(description = "Multipart form of an upload; appointmentId must precede file")
    record UploadForm(@Schema(description = "The completed appointment") String appointmentId,
            @Schema(description = "The report file", type = "string", format = "binary") String file) {
    }
}
