package org.medledger.identity.keycloak;

/**
 * Describes a failure for a log line without personal data: the exception's class, and the message only for
 * identity-service's own Keycloak exceptions, whose messages name an operation and a status, never an e-mail
 * address or a password. (A database exception's message may quote the document key, which is an e-mail address.)
 */
public final class Failures {

    private Failures() {
    }

    public static String describe(Throwable failure) {
        if (failure instanceof KeycloakUnavailableException || failure instanceof KeycloakMissingUserException) {
            return failure.getClass().getSimpleName() + ": " + failure.getMessage();
        }
        return failure.getClass().getName();
    }
}
