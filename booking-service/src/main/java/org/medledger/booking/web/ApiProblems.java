package org.medledger.booking.web;

/** Media type names used in OpenAPI annotations of the booking endpoints. */
public final class ApiProblems {

    /** RFC 9457 problem details. */
    public static final String PROBLEM_JSON = "application/problem+json";

    private ApiProblems() {
    }
}
