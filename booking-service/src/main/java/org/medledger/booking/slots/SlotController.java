package org.medledger.booking.slots;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.medledger.booking.BookingProperties;
import org.medledger.booking.web.PageView;
import org.medledger.booking.web.Paging;
import org.medledger.support.security.CurrentUser;
import org.springframework.data.domain.Sort;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import static org.medledger.booking.web.ApiProblems.PROBLEM_JSON;

@RestController
@RequestMapping("/api/bookings/slots")
@Tag(name = "Slots", description = "Doctors publish bookable slots; everyone signed in lists the free ones")
class SlotController {

    private static final Duration DEFAULT_WINDOW = Duration.ofDays(30);

    private final Slots slots;
    private final BookingProperties properties;
    private final Clock clock;

    SlotController(Slots slots, BookingProperties properties, Clock clock) {
        this.slots = slots;
        this.properties = properties;
        this.clock = clock;
    }

    @PostMapping
    @Operation(summary = "Publish slots (approved doctor)", description = "One slot (`start`, `end`) or a weekly pattern. "
            + "Needs realm role `doctor` and an approval that booking-service has not seen revoked.")
    @ApiResponse(responseCode = "201", description = "Published; `id` for a single slot, `ids` and `count` always")
    @ApiResponse(responseCode = "400", description = "Invalid slot (type `invalid-slot`, `invalid-request`)",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "403", description = "Not an approved doctor (`role-required`, `doctor-not-approved`)",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "Overlaps another slot of the doctor (`slot-overlap`), or another "
            + "publication of the doctor is running (`concurrent-request`)",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    Mono<ResponseEntity<SlotsCreated>> publish(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody SlotRequest request) {
        return slots.publish(CurrentUser.of(jwt), request)
                .map(created -> ResponseEntity.status(HttpStatus.CREATED).body(created));
    }

    @GetMapping
    @Operation(summary = "List free slots (any signed-in user)", description = "FREE slots of approved doctors "
            + "starting in the future within [from, to), by start. `from` defaults to now, `to` to 30 days after `from`; "
            + "the window may span at most 92 days, and both lie between 1970-01-01 and 9999-12-31.")
    @ApiResponse(responseCode = "200", description = "A page of free slots")
    @ApiResponse(responseCode = "400", description = "Bad window or paging",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    Mono<PageView<SlotView>> listFree(
            @Parameter(description = "Only this doctor's slots") @RequestParam(required = false) String doctorId,
            @Parameter(description = "ISO-8601 instant") @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @Parameter(description = "ISO-8601 instant") @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
            @Parameter(description = "Zero-based page") @RequestParam(required = false) Integer page,
            @Parameter(description = "Page size, 1–200, default 50") @RequestParam(required = false) Integer size) {
        Instant start = from != null ? from : clock.instant();
        Instant end = to != null ? to : start.plus(DEFAULT_WINDOW);
        Paging.checkWindow(start, end, properties.maxListWindow());
        return slots.listFree(doctorId, start, end, Paging.of(page, size, Sort.by("start", "_id"), properties));
    }

    @GetMapping("/mine")
    @Operation(summary = "List the caller's own slots (doctor)", description = "FREE and BOOKED slots starting within "
            + "[from, to), by start; defaults as for the free list.")
    @ApiResponse(responseCode = "200", description = "A page of the doctor's slots")
    Mono<PageView<SlotView>> listOwn(@AuthenticationPrincipal Jwt jwt,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        Instant start = from != null ? from : clock.instant();
        Instant end = to != null ? to : start.plus(DEFAULT_WINDOW);
        Paging.checkWindow(start, end, properties.maxListWindow());
        return slots.listOwn(CurrentUser.of(jwt), start, end, Paging.of(page, size, Sort.by("start", "_id"), properties));
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Withdraw one of the caller's free slots (doctor)")
    @ApiResponse(responseCode = "204", description = "Withdrawn")
    @ApiResponse(responseCode = "404", description = "No such slot of the caller (`slot-not-found`)",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "The slot is booked (`slot-booked`)",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    Mono<ResponseEntity<Void>> withdraw(@AuthenticationPrincipal Jwt jwt, @PathVariable String id) {
        return slots.withdraw(CurrentUser.of(jwt), id).then(Mono.just(ResponseEntity.noContent().build()));
    }
}
