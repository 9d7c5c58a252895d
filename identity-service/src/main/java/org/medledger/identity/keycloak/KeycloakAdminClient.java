package org.medledger.identity.keycloak;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.github.resilience4j.reactor.retry.RetryOperator;
import io.github.resilience4j.retry.Retry;
import java.net.ConnectException;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link KeycloakUsers} over Keycloak's Admin REST API with a non-blocking {@link WebClient}.
 *
 * <p>Every call runs under a per-attempt timeout, a circuit breaker (only unavailability counts as failure: a
 * refused password or an existing e-mail is Keycloak working fine) and a retry. Reads, deletes and role grants
 * are retried on any unavailability; creating a user and setting a password only when the connection was refused,
 * because a timed-out attempt may have taken effect (a second password change would then trip the realm's
 * password-history policy). The bearer token comes from the client-credentials grant and is cached until shortly
 * before it expires (see {@link KeycloakConfiguration}).
 *
 * <p>Only realm-management roles manage-users, view-users and query-users are needed: roles are looked up
 * through the user's available role mappings, because reading the realm's roles directly needs view-realm.
 */
public class KeycloakAdminClient implements KeycloakUsers {

    private static final Logger log = LoggerFactory.getLogger(KeycloakAdminClient.class);
    private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
    };
    private static final ParameterizedTypeReference<List<UserRepresentation>> USERS = new ParameterizedTypeReference<>() {
    };
    private static final ParameterizedTypeReference<List<RoleRepresentation>> ROLES = new ParameterizedTypeReference<>() {
    };

    private final WebClient admin;
    private final CircuitBreaker breaker;
    private final Retry retry;
    private final KeycloakProperties properties;

    /**
     * @param admin a WebClient whose base URL is the realm's Admin API and which adds the bearer token
     */
    public KeycloakAdminClient(WebClient admin, CircuitBreaker breaker, Retry retry, KeycloakProperties properties) {
        this.admin = admin;
        this.breaker = breaker;
        this.retry = retry;
        this.properties = properties;
    }

    @Override
    public Mono<String> create(NewKeycloakUser user) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("username", user.username());
        body.put("email", user.email());
        body.put("firstName", user.firstName());
        body.put("lastName", user.lastName());
        body.put("enabled", true);
        body.put("emailVerified", false);
        return call("create user", false, admin.post().uri("/users").bodyValue(body)
                .exchangeToMono(response -> {
                    if (response.statusCode().value() == HttpStatus.CREATED.value()) {
                        URI location = response.headers().asHttpHeaders().getLocation();
                        return response.releaseBody().then(Mono.justOrEmpty(location)
                                .map(KeycloakAdminClient::lastSegment)
                                .switchIfEmpty(Mono.error(() -> new IllegalStateException("Keycloak created a user without a Location"))));
                    }
                    return failure(response, null);
                }));
    }

    @Override
    public Mono<KeycloakUser> findById(String id) {
        return call("read user", true, admin.get().uri("/users/{id}", id)
                .exchangeToMono(response -> response.statusCode().value() == HttpStatus.NOT_FOUND.value()
                        ? response.releaseBody().then(Mono.<KeycloakUser>empty())
                        : ok(response) ? response.bodyToMono(UserRepresentation.class).map(UserRepresentation::toUser)
                        : failure(response, id)));
    }

    @Override
    public Mono<KeycloakUser> findByEmail(String email) {
        return call("find user by e-mail", true, admin.get()
                .uri(builder -> builder.path("/users")
                        .queryParam("email", "{email}")
                        .queryParam("exact", "true")
                        .queryParam("briefRepresentation", "true")
                        .queryParam("max", "5")
                        .build(email))
                .exchangeToMono(response -> ok(response) ? response.bodyToMono(USERS) : failure(response, null)))
                .flatMapIterable(users -> users)
                .filter(user -> user.email() != null && user.email().equalsIgnoreCase(email))
                .next()
                .map(UserRepresentation::toUser);
    }

    @Override
    public Mono<Void> setPassword(String userId, String password) {
        Map<String, Object> credential = Map.of("type", "password", "value", password, "temporary", false);
        return call("set password", false, admin.put().uri("/users/{id}/reset-password", userId).bodyValue(credential)
                .exchangeToMono(response -> ok(response) ? response.releaseBody() : failure(response, userId)))
                .onErrorMap(KeycloakRejectedException.class, e -> e.reason() != null && e.reason().contains(password)
                        ? new KeycloakRejectedException("The password does not meet the password policy.")
                        : e);
    }

    @Override
    public Mono<Void> grantRealmRole(String userId, String role) {
        return realmRoles(userId).flatMap(held -> held.contains(role) ? Mono.<Void>empty()
                : call("read available roles", true, admin.get().uri("/users/{id}/role-mappings/realm/available", userId)
                        .exchangeToMono(response -> ok(response) ? response.bodyToMono(ROLES) : failure(response, userId)))
                        .flatMap(available -> available.stream()
                                .filter(candidate -> role.equals(candidate.name()))
                                .findFirst()
                                .map(found -> call("grant role", true, admin.post()
                                        .uri("/users/{id}/role-mappings/realm", userId)
                                        .bodyValue(List.of(Map.of("id", found.id(), "name", found.name())))
                                        .exchangeToMono(response -> ok(response) ? response.releaseBody() : failure(response, userId))))
                                .orElseGet(() -> Mono.error(new KeycloakUnavailableException(
                                        "the realm has no role '" + role + "' that identity-service may grant", null)))));
    }

    @Override
    public Mono<Void> revokeRealmRole(String userId, String role) {
        return call("read roles", true, admin.get().uri("/users/{id}/role-mappings/realm", userId)
                .exchangeToMono(response -> ok(response) ? response.bodyToMono(ROLES) : failure(response, userId)))
                .flatMap(held -> held.stream()
                        .filter(candidate -> role.equals(candidate.name()))
                        .findFirst()
                        .map(found -> call("revoke role", true, admin.method(HttpMethod.DELETE)
                                .uri("/users/{id}/role-mappings/realm", userId)
                                .bodyValue(List.of(Map.of("id", found.id(), "name", found.name())))
                                .exchangeToMono(response -> ok(response) ? response.releaseBody() : failure(response, userId))))
                        .orElseGet(Mono::empty));
    }

    @Override
    public Mono<Set<String>> realmRoles(String userId) {
        return call("read roles", true, admin.get()
                .uri(builder -> builder.path("/users/{id}/role-mappings/realm/composite")
                        .queryParam("briefRepresentation", "true").build(userId))
                .exchangeToMono(response -> ok(response) ? response.bodyToMono(ROLES) : failure(response, userId)))
                .map(roles -> roles.stream().map(RoleRepresentation::name).collect(Collectors.toUnmodifiableSet()));
    }

    @Override
    public Mono<Void> rename(String userId, String firstName, String lastName) {
        return call("read user", true, admin.get().uri("/users/{id}", userId)
                .exchangeToMono(response -> ok(response) ? response.bodyToMono(JSON_OBJECT) : failure(response, userId)))
                .flatMap(representation -> {
                    Map<String, Object> changed = new LinkedHashMap<>(representation);
                    changed.put("firstName", firstName);
                    changed.put("lastName", lastName);
                    return call("rename user", true, admin.put().uri("/users/{id}", userId).bodyValue(changed)
                            .exchangeToMono(response -> ok(response) ? response.releaseBody() : failure(response, userId)));
                });
    }

    @Override
    public Mono<Void> delete(String userId) {
        return call("delete user", true, admin.delete().uri("/users/{id}", userId)
                .exchangeToMono(response -> ok(response) || response.statusCode().value() == HttpStatus.NOT_FOUND.value()
                        ? response.releaseBody()
                        : failure(response, userId)));
    }

    @Override
    public Flux<KeycloakUser> all() {
        int size = properties.pageSize();
        return page(0, size)
                .expand(users -> users.size() < size ? Mono.empty() : page(users.first() + size, size))
                .flatMapIterable(Page::users)
                .map(UserRepresentation::toUser);
    }

    private Mono<Page> page(int first, int size) {
        return call("list users", true, admin.get()
                .uri(builder -> builder.path("/users")
                        .queryParam("first", first)
                        .queryParam("max", size)
                        .queryParam("briefRepresentation", "true")
                        .build())
                .exchangeToMono(response -> ok(response) ? response.bodyToMono(USERS) : failure(response, null)))
                .map(users -> new Page(first, users));
    }

    private record Page(int first, List<UserRepresentation> users) {

        int size() {
            return users.size();
        }
    }

    /**
     * Runs one Admin API call with a timeout per attempt, the circuit breaker and the retry; maps whatever is not
     * an answer Keycloak meant ({@link KeycloakRejectedException}, {@link KeycloakConflictException},
     * {@link KeycloakMissingUserException}) to {@link KeycloakUnavailableException}.
     *
     * @param repeatable whether the call may be repeated after an attempt that may have reached Keycloak
     */
    private <T> Mono<T> call(String operation, boolean repeatable, Mono<T> request) {
        return Mono.defer(() -> request)
                .timeout(properties.callTimeout())
                .onErrorMap(e -> !isAnswer(e), e -> unavailable(operation, repeatable, e))
                .transformDeferred(CircuitBreakerOperator.of(breaker))
                .transformDeferred(RetryOperator.of(retry))
                .onErrorMap(CallNotPermittedException.class, e -> new Unavailable(
                        "Keycloak calls are paused after repeated failures (" + operation + ")", e, false));
    }

    private static boolean isAnswer(Throwable e) {
        return e instanceof KeycloakRejectedException || e instanceof KeycloakConflictException
                || e instanceof KeycloakMissingUserException || e instanceof KeycloakUnavailableException;
    }

    private static KeycloakUnavailableException unavailable(String operation, boolean repeatable, Throwable e) {
        boolean notSent = hasCause(e, ConnectException.class);
        String what = e instanceof TimeoutException ? "timed out" : e.getClass().getSimpleName();
        return new Unavailable("Keycloak unavailable (" + operation + ": " + what + ")", e, repeatable || notSent);
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the retry may repeat a call that failed with {@code failure}. */
    static boolean repeatable(Throwable failure) {
        return failure instanceof Unavailable unavailable && unavailable.repeatable();
    }

    /** An unavailability that knows whether repeating the call is safe; the retry only repeats those that are. */
    static final class Unavailable extends KeycloakUnavailableException {

        private final boolean repeatable;

        Unavailable(String message, Throwable cause, boolean repeatable) {
            super(message, cause);
            this.repeatable = repeatable;
        }

        boolean repeatable() {
            return repeatable;
        }
    }

    private static boolean ok(ClientResponse response) {
        return response.statusCode().is2xxSuccessful();
    }

    /** Turns a non-2xx answer into the matching exception; Keycloak's message is kept, its parameters never. */
    private <T> Mono<T> failure(ClientResponse response, String userId) {
        int status = response.statusCode().value();
        if (status == 400 || status == 409 || status == 404) {
            return response.bodyToMono(JSON_OBJECT)
                    .onErrorResume(e -> Mono.empty())
                    .defaultIfEmpty(Map.of())
                    .flatMap(body -> Mono.error(switch (status) {
                        case 409 -> new KeycloakConflictException(reason(body, "The user already exists."));
                        case 404 -> new KeycloakMissingUserException(userId == null ? "(unknown)" : userId);
                        default -> new KeycloakRejectedException(reason(body, "Keycloak refused the request."));
                    }));
        }
        if (status == 401 || status == 403) {
            log.error("Keycloak refused identity-service's credentials or permissions (HTTP {}): check client {} and its "
                    + "service-account roles manage-users, view-users, query-users", status, properties.clientId());
        }
        // 401: the cached token was refused (the configuration evicts it), so a repeat runs with a fresh one
        return response.releaseBody().then(Mono.error(new Unavailable("Keycloak answered HTTP " + status, null,
                status == 401 || status == 429 || status == 503)));
    }

    private static String reason(Map<String, Object> body, String fallback) {
        for (String key : List.of("error_description", "errorMessage", "error")) {
            if (body.get(key) instanceof String text && !text.isBlank()) {
                return text.length() > 300 ? text.substring(0, 300) : text;
            }
        }
        return fallback;
    }

    private static String lastSegment(URI location) {
        String path = location.getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record UserRepresentation(String id, String username, String email, String firstName, String lastName,
            Boolean enabled, Long createdTimestamp) {

        KeycloakUser toUser() {
            return new KeycloakUser(id, username, email, firstName, lastName, !Boolean.FALSE.equals(enabled),
                    createdTimestamp == null ? null : Instant.ofEpochMilli(createdTimestamp));
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record RoleRepresentation(String id, String name) {
    }
}
