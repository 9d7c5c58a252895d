package org.medledger.notification.inbox;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.medledger.support.web.NotFoundException;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/notifications")
@Tag(name = "Notifications", description = "The caller's in-app notifications; every user sees only their own.")
class NotificationController {

    private final NotificationStore store;
    private final NotificationFeed feed;
    private final StreamProperties stream;

    NotificationController(NotificationStore store, NotificationFeed feed, StreamProperties stream) {
        this.store = store;
        this.feed = feed;
        this.stream = stream;
    }

    @GetMapping
    @Operation(summary = "List the caller's notifications, newest first",
            description = "Each carries the delivery status of its e-mail. With unread=true only unread ones; total is then the unread count.")
    Mono<NotificationPage> list(@AuthenticationPrincipal Jwt caller,
            @Parameter(description = "only unread notifications") @RequestParam(defaultValue = "false") boolean unread,
            @Parameter(description = "page number, from 0") @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
            @Parameter(description = "page size, 1 to 100") @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        String me = caller.getSubject();
        return Mono.zip(store.page(me, unread, page, size), store.count(me, unread))
                .map(found -> new NotificationPage(found.getT1().stream().map(NotificationView::of).toList(), page, size,
                        found.getT2()));
    }

    @PostMapping("/{id}/read")
    @Operation(summary = "Mark one of the caller's notifications read",
            description = "Idempotent: marking it again keeps the first read time. Another user's notification is 404, like a missing one.")
    @ApiResponse(responseCode = "200", description = "the notification, read")
    @ApiResponse(responseCode = "404", description = "no such notification for the caller")
    Mono<NotificationView> markRead(@AuthenticationPrincipal Jwt caller, @PathVariable @Size(max = 64) String id) {
        return store.markRead(id, caller.getSubject())
                .map(NotificationView::of)
                .switchIfEmpty(Mono.error(() -> new NotFoundException("notification-not-found",
                        "You have no notification with this id.")));
    }

    @GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Server-sent events: the caller's new notifications, live",
            description = "First a 'ready' event, then one 'notification' event (id = notification id, data = the notification) "
                    + "per new notification, and a comment line as heartbeat. The stream ends when the access token expires; "
                    + "reconnect with a fresh token and reload the list to catch up.")
    Flux<ServerSentEvent<Object>> stream(@AuthenticationPrincipal Jwt caller) {
        Flux<ServerSentEvent<Object>> live = feed.of(caller.getSubject())
                .map(notification -> ServerSentEvent.<Object>builder(NotificationView.of(notification))
                        .id(notification.id())
                        .event("notification")
                        .build());
        Mono<ServerSentEvent<Object>> ready = Mono.just(ServerSentEvent.<Object>builder(Map.of("status", "connected"))
                .event("ready")
                .build());
        Flux<ServerSentEvent<Object>> heartbeat = Flux.interval(stream.heartbeat())
                .map(tick -> ServerSentEvent.builder().comment("keep-alive").build());
        // live first: it is subscribed before 'ready' goes out, so nothing created after 'ready' is missed
        Flux<ServerSentEvent<Object>> events = Flux.merge(live, ready, heartbeat);
        Instant expiresAt = caller.getExpiresAt();
        if (expiresAt != null) {
            Duration left = Duration.between(Instant.now(), expiresAt);
            events = events.take(left.isNegative() ? Duration.ZERO : left);
        }
        return events;
    }
}
