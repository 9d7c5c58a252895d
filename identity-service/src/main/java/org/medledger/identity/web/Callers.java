package org.medledger.identity.web;

import org.medledger.support.security.CurrentUser;
import org.medledger.support.web.ForbiddenException;
import reactor.core.publisher.Mono;

/** The authenticated caller of a protected endpoint. */
public final class Callers {

    private Callers() {
    }

    /** The caller; an error if there is none (the security chain lets no anonymous request reach such endpoints). */
    public static Mono<CurrentUser> current() {
        return CurrentUser.current().switchIfEmpty(Mono.error(() -> new ForbiddenException("authentication-required",
                "This action needs a signed-in user.")));
    }

    /** The caller, who must hold one of {@code roles} (403 otherwise). */
    public static Mono<CurrentUser> withRole(String... roles) {
        return current().map(caller -> caller.requireRole(roles));
    }
}
