package org.medledger.identity.keycloak;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An in-memory Keycloak realm for unit and slice tests: the behaviour identity-service relies on (unique username
 * and e-mail compared case-insensitively, e-mails stored lower case, a password policy with Keycloak's messages,
 * idempotent role grants, 404 for missing users) plus switches to make it unavailable, or to fail one operation a
 * given number of times. Only the real Keycloak (see {@code KeycloakIntegrationTest}) proves the adapter itself.
 */
public class FakeKeycloakUsers implements KeycloakUsers {

    /** Operations that can be made to fail. */
    public enum Operation { CREATE, CREATE_ANSWER_LOST, SET_PASSWORD, GRANT_ROLE, RENAME, DELETE, FIND_BY_EMAIL }

    private static final Set<String> REALM_ROLES = Set.of("patient", "doctor", "admin", "auditor");

    private final Map<String, StoredUser> users = new ConcurrentHashMap<>();
    private final Map<Operation, AtomicInteger> failures = new ConcurrentHashMap<>();
    private final Clock clock;
    private volatile boolean down;

    public FakeKeycloakUsers(Clock clock) {
        this.clock = clock;
    }

    /** A user as the fake keeps it. */
    public static final class StoredUser {
        final String id;
        final String username;
        final String email;
        volatile String firstName;
        volatile String lastName;
        final Instant createdAt;
        final Set<String> roles = ConcurrentHashMap.newKeySet();
        volatile String password;

        StoredUser(String id, String username, String email, String firstName, String lastName, Instant createdAt) {
            this.id = id;
            this.username = username;
            this.email = email;
            this.firstName = firstName;
            this.lastName = lastName;
            this.createdAt = createdAt;
        }

        public String id() {
            return id;
        }

        public Set<String> roles() {
            return Set.copyOf(roles);
        }

        public boolean hasPassword() {
            return password != null;
        }

        public String firstName() {
            return firstName;
        }

        public String lastName() {
            return lastName;
        }

        KeycloakUser view() {
            return new KeycloakUser(id, username, email, firstName, lastName, true, createdAt);
        }
    }

    // ---- test controls ----

    public void down(boolean down) {
        this.down = down;
    }

    /** The next {@code times} calls of {@code operation} fail as unavailable. */
    public void failNext(Operation operation, int times) {
        failures.computeIfAbsent(operation, key -> new AtomicInteger()).set(times);
    }

    /** Adds an account made in Keycloak directly (like the demo accounts); returns its id. */
    public String addExisting(String username, String email, String firstName, String lastName, String... roles) {
        return addExisting(username, email, firstName, lastName, clock.instant(), roles);
    }

    /** As {@link #addExisting(String, String, String, String, String...)}, created at {@code createdAt}. */
    public String addExisting(String username, String email, String firstName, String lastName, Instant createdAt,
            String... roles) {
        String id = UUID.randomUUID().toString();
        StoredUser user = new StoredUser(id, username.toLowerCase(), email == null ? null : email.toLowerCase(), firstName,
                lastName, createdAt);
        user.roles.addAll(List.of(roles));
        users.put(id, user);
        return id;
    }

    public Optional<StoredUser> user(String id) {
        return Optional.ofNullable(users.get(id));
    }

    /** Every stored user with this e-mail address (compared case-insensitively). */
    public List<StoredUser> usersWithEmail(String email) {
        return users.values().stream().filter(user -> email.equalsIgnoreCase(user.email)).toList();
    }

    public void clear() {
        users.clear();
        failures.clear();
        down = false;
    }

    // ---- KeycloakUsers ----

    @Override
    public Mono<String> create(NewKeycloakUser user) {
        return Mono.defer(() -> {
            fail(Operation.CREATE);
            synchronized (users) {
                for (StoredUser existing : users.values()) {
                    if (existing.username.equalsIgnoreCase(user.username())) {
                        return Mono.error(new KeycloakConflictException("User exists with same username"));
                    }
                    if (existing.email != null && existing.email.equalsIgnoreCase(user.email())) {
                        return Mono.error(new KeycloakConflictException("User exists with same email"));
                    }
                }
                String id = UUID.randomUUID().toString();
                users.put(id, new StoredUser(id, user.username().toLowerCase(), user.email().toLowerCase(), user.firstName(),
                        user.lastName(), clock.instant()));
                fail(Operation.CREATE_ANSWER_LOST);
                return Mono.just(id);
            }
        });
    }

    @Override
    public Mono<KeycloakUser> findById(String id) {
        return Mono.defer(() -> {
            fail(null);
            return Mono.justOrEmpty(users.get(id)).map(StoredUser::view);
        });
    }

    @Override
    public Mono<KeycloakUser> findByEmail(String email) {
        return Mono.defer(() -> {
            fail(Operation.FIND_BY_EMAIL);
            return Mono.justOrEmpty(users.values().stream().filter(user -> email.equalsIgnoreCase(user.email)).findFirst())
                    .map(StoredUser::view);
        });
    }

    @Override
    public Mono<Void> setPassword(String userId, String password) {
        return Mono.defer(() -> {
            fail(Operation.SET_PASSWORD);
            StoredUser user = require(userId);
            String refusal = policy(password, user);
            if (refusal != null) {
                return Mono.error(new KeycloakRejectedException(refusal));
            }
            user.password = password;
            return Mono.<Void>empty();
        });
    }

    /** The development realm's policy: length(12), upper, lower, digit, special, notUsername, notEmail. */
    private static String policy(String password, StoredUser user) {
        if (password.length() < 12) {
            return "Invalid password: minimum length 12.";
        }
        if (password.chars().noneMatch(Character::isUpperCase)) {
            return "Invalid password: must contain at least 1 upper case characters.";
        }
        if (password.chars().noneMatch(Character::isLowerCase)) {
            return "Invalid password: must contain at least 1 lower case characters.";
        }
        if (password.chars().noneMatch(Character::isDigit)) {
            return "Invalid password: must contain at least 1 numerical digits.";
        }
        if (password.chars().allMatch(Character::isLetterOrDigit)) {
            return "Invalid password: must contain at least 1 special characters.";
        }
        if (password.equalsIgnoreCase(user.username) || password.equalsIgnoreCase(user.email)) {
            return "Invalid password: must not be equal to the username.";
        }
        return null;
    }

    @Override
    public Mono<Void> grantRealmRole(String userId, String role) {
        return Mono.defer(() -> {
            fail(Operation.GRANT_ROLE);
            if (!REALM_ROLES.contains(role)) {
                return Mono.error(new KeycloakUnavailableException("no role " + role, null));
            }
            require(userId).roles.add(role);
            return Mono.<Void>empty();
        });
    }

    @Override
    public Mono<Void> revokeRealmRole(String userId, String role) {
        return Mono.defer(() -> {
            fail(null);
            require(userId).roles.remove(role);
            return Mono.<Void>empty();
        });
    }

    @Override
    public Mono<Set<String>> realmRoles(String userId) {
        return Mono.defer(() -> {
            fail(null);
            Set<String> roles = new LinkedHashSet<>(require(userId).roles);
            roles.add("default-roles-medledger");
            return Mono.just(Set.copyOf(roles));
        });
    }

    @Override
    public Mono<Void> rename(String userId, String firstName, String lastName) {
        return Mono.defer(() -> {
            fail(Operation.RENAME);
            StoredUser user = require(userId);
            user.firstName = firstName;
            user.lastName = lastName;
            return Mono.<Void>empty();
        });
    }

    @Override
    public Mono<Void> delete(String userId) {
        return Mono.defer(() -> {
            fail(Operation.DELETE);
            users.remove(userId);
            return Mono.<Void>empty();
        });
    }

    @Override
    public Flux<KeycloakUser> all() {
        return Flux.defer(() -> {
            fail(null);
            return Flux.fromIterable(users.values().stream()
                    .sorted(Comparator.comparing(user -> user.username))
                    .map(StoredUser::view)
                    .toList());
        });
    }

    private StoredUser require(String userId) {
        StoredUser user = users.get(userId);
        if (user == null) {
            throw new KeycloakMissingUserException(userId);
        }
        return user;
    }

    private void fail(Operation operation) {
        if (down) {
            throw new KeycloakUnavailableException("Keycloak unavailable (fake is down)", null);
        }
        AtomicInteger remaining = operation == null ? null : failures.get(operation);
        if (remaining != null && remaining.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new KeycloakUnavailableException("Keycloak unavailable (fake failure of " + operation + ")", null);
        }
    }
}
