package org.medledger.support.web;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * A copy of a failure for the log without any message text: each exception of the cause chain becomes one whose
 * message is only the original class name, with the original stack trace. A message can quote a document key (a
 * user's e-mail address in a duplicate-key error) or request input, so it never reaches the log.
 */
final class RedactedFailure extends RuntimeException {

    /** Deeper cause chains are cut: the first exceptions tell where it happened. */
    private static final int MAX_DEPTH = 16;

    private RedactedFailure(Throwable original, Throwable cause) {
        super(original.getClass().getName(), cause, false, true);
        setStackTrace(original.getStackTrace());
    }

    /** {@code failure} and its causes, messages removed. */
    static RedactedFailure of(Throwable failure) {
        List<Throwable> chain = chain(failure);
        RedactedFailure copy = null;
        for (int i = chain.size() - 1; i >= 0; i--) {
            copy = new RedactedFailure(chain.get(i), copy);
        }
        return copy;
    }

    /** The class names of {@code failure} and its causes, outermost first, e.g. {@code a.B <- c.D}. */
    static String classes(Throwable failure) {
        return String.join(" <- ", chain(failure).stream().map(e -> e.getClass().getName()).toList());
    }

    private static List<Throwable> chain(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable e = failure; e != null && chain.size() < MAX_DEPTH && seen.add(e); e = e.getCause()) {
            chain.add(e);
        }
        return chain;
    }
}
