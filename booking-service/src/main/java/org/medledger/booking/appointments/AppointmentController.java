package org.medledger.booking.appointments;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.time.Instant;
import org.medledger.booking.BookingProperties;
import org.medledger.booking.web.PageView;
import org.medledger.booking.web.Paging;
import org.medledger.support.security.CurrentUser;
import org.medledger.support.web.InvalidRequestException;
import org.springframework.data.domain.Sort;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import static org.medledger.booking.web.ApiProblems.PROBLEM_JSON;

@RestController
@RequestMapping("/api/bookings/appointments")
@Tag(name = "Appointments", description = "Patients book free slots; both parties follow the appointment's lifecycle")
class AppointmentController {

    private final Appointments appointments;
    private final BookingProperties properties;

    AppointmentController(Appointments appointments, BookingProperties properties) {
        this.appointments = appointments;
        this.properties = properties;
    }

    @PostMapping
    @Operation(summary = "Book a free slot (patient)", description = "A slot is booked at most once: of concurrent "
            + "attempts exactly one gets 201, the others 409 `slot-taken`. Send an `Idempotency-Key` to make retries safe: "
            + "the same key from the same patient returns the first answer (with header `Idempotent-Replayed: true`) and "
            + "books nothing more.")
    @Parameter(in = ParameterIn.HEADER, name = IdempotencyKeys.HEADER, description = "1–128 visible ASCII characters, "
            + "e.g. a UUID; unique per booking the patient means to make")
    @ApiResponse(responseCode = "201", description = "Booked")
    @ApiResponse(responseCode = "400", description = "Invalid fields (`invalid-request`), unreadable body, invalid key",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "403", description = "Not a patient (`role-required`)",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "No such slot (`slot-not-found`)",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "`slot-taken`, `slot-in-past`, `doctor-not-approved`, "
            + "`overlapping-appointment`, `own-slot`, or `concurrent-request` (another booking of yours is running)",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "The Idempotency-Key was used for a different request "
            + "(`idempotency-key-reused`)",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    Mono<ResponseEntity<BookingConfirmation>> book(@AuthenticationPrincipal Jwt jwt,
            @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey,
            @Valid @RequestBody BookingRequest request) {
        return appointments.book(CurrentUser.of(jwt), request, idempotencyKey)
                .map(booking -> {
                    var response = ResponseEntity.created(URI.create("/api/bookings/appointments/" + booking.confirmation().id()));
                    if (booking.replayed()) {
                        response.header("Idempotent-Replayed", "true");
                    }
                    return response.body(booking.confirmation());
                });
    }

    @GetMapping
    @Operation(summary = "The caller's appointments (patient or doctor)", description = "Appointments where the caller "
            + "is the patient or the doctor, by start, optionally of one status and starting within [from, to). Names of "
            + "the other party come from identity events, where known.")
    @ApiResponse(responseCode = "200", description = "A page of appointments")
    @ApiResponse(responseCode = "400", description = "Bad status, window or paging",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    Mono<PageView<AppointmentView>> list(@AuthenticationPrincipal Jwt jwt,
            @Parameter(description = "Only this status") @RequestParam(required = false) AppointmentStatus status,
            @Parameter(description = "Starting at or after, ISO-8601 instant") @RequestParam(required = false)
            @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @Parameter(description = "Starting before, ISO-8601 instant") @RequestParam(required = false)
            @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
            @Parameter(description = "Zero-based page") @RequestParam(required = false) Integer page,
            @Parameter(description = "Page size, 1–200, default 50") @RequestParam(required = false) Integer size) {
        Paging.checkOpenWindow(from, to);
        return appointments.list(CurrentUser.of(jwt), status, from, to,
                Paging.of(page, size, Sort.by("start", "_id"), properties));
    }

    @GetMapping("/{id}")
    @Operation(summary = "One appointment (its patient or its doctor)", description = "Also the synchronous check "
            + "report-chain-service makes with the doctor's relayed token before accepting a report: it expects `status` "
            + "COMPLETED, `doctorId` equal to the uploader and reads `patientId`. Anyone else gets 404.")
    @ApiResponse(responseCode = "200", description = "The appointment")
    @ApiResponse(responseCode = "404", description = "No such appointment of the caller (`appointment-not-found`)",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    Mono<AppointmentView> find(@AuthenticationPrincipal Jwt jwt, @PathVariable String id) {
        return appointments.find(CurrentUser.of(jwt), id);
    }

    @PostMapping("/{id}/complete")
    @Operation(summary = "Mark the checkup completed (the appointment's doctor)", description = "BOOKED → COMPLETED, not "
            + "before the appointment's start. Publishes AppointmentCompleted.")
    @ApiResponse(responseCode = "200", description = "Completed")
    @ApiResponse(responseCode = "403", description = "The caller is the patient (`doctor-only`)",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "No such appointment of the caller",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "`illegal-transition` (not BOOKED) or `appointment-not-started`",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    Mono<AppointmentView> complete(@AuthenticationPrincipal Jwt jwt, @PathVariable String id) {
        return appointments.complete(CurrentUser.of(jwt), id);
    }

    @PostMapping("/{id}/cancel")
    @Operation(summary = "Cancel (the appointment's patient or doctor)", description = "BOOKED → CANCELLED; the slot is "
            + "free again. Publishes AppointmentCancelled.")
    @ApiResponse(responseCode = "200", description = "Cancelled")
    @ApiResponse(responseCode = "404", description = "No such appointment of the caller",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "`illegal-transition` (not BOOKED)",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    Mono<AppointmentView> cancel(@AuthenticationPrincipal Jwt jwt, @PathVariable String id) {
        return appointments.cancel(CurrentUser.of(jwt), id);
    }
}
