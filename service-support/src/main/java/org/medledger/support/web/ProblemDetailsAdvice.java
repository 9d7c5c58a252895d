package org.medledger.support.web;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;

/**
 * Maps every failure of a controller to RFC 9457 problem+json: domain exceptions with their own type and
 * status, Spring's web exceptions through {@link ResponseEntityExceptionHandler}, an unreachable database to a
 * 503, and anything else to a 500 that names only an incident id.
 *
 * <p>Exception messages are never logged here: a database error quotes the offending document key, which can be a
 * user's e-mail address, and other messages may quote input. The log has the incident id, the exception classes and
 * the stack trace ({@link RedactedFailure}).
 */
@RestControllerAdvice
@Order(ProblemDetailsAdvice.ORDER)
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    /** Before Boot's own problem-details advice (order 0), which would answer without our types and field list. */
    public static final int ORDER = -10;

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    /** A method-security check ({@code @PreAuthorize}) refused the caller. */
    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ProblemDetail> accessDenied(AccessDeniedException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, "Your roles do not allow this action.");
        problem.setType(URI.create("https://medledger.org/problems/forbidden"));
        return ResponseEntity.status(HttpStatus.FORBIDDEN).body(problem);
    }

    @ExceptionHandler(MedLedgerException.class)
    ResponseEntity<ProblemDetail> domain(MedLedgerException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
        problem.setType(e.type());
        ResponseEntity.BodyBuilder response = ResponseEntity.status(e.status());
        if (e instanceof ServiceUnavailableException unavailable) {
            unavailable.retryAfter().ifPresent(wait ->
                    response.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, wait.toSeconds()))));
        }
        return response.body(problem);
    }

    /** A unique index caught a race the service's own check could not: report it as the conflict it is. */
    @ExceptionHandler(DuplicateKeyException.class)
    ResponseEntity<ProblemDetail> duplicate(DuplicateKeyException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "The resource already exists or was changed concurrently; reload and retry.");
        problem.setType(URI.create("https://medledger.org/problems/conflict"));
        return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
    }

    /**
     * The database cannot be reached: Spring Data translates the reactive MongoDB driver's {@code MongoTimeoutException}
     * (no server selected in time) and {@code MongoSocketException} to this. Nothing was written; the caller may retry.
     * Named without the driver's classes, so the advice also loads where MongoDB is not on the class path.
     */
    @ExceptionHandler(DataAccessResourceFailureException.class)
    ResponseEntity<ProblemDetail> databaseUnavailable(Exception e) {
        log.warn("Database unavailable: {}", RedactedFailure.classes(e));
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The service's database is unavailable; nothing was changed. Try again in a minute.");
        problem.setType(URI.create("https://medledger.org/problems/database-unavailable"));
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "30").body(problem);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        String incident = UUID.randomUUID().toString();
        log.error("Unexpected failure, incident {}: {}", incident, RedactedFailure.classes(e), RedactedFailure.of(e));
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "An unexpected error occurred; nothing was changed if the request was a write. Incident " + incident + ".");
        problem.setType(URI.create("https://medledger.org/problems/internal"));
        return ResponseEntity.internalServerError().body(problem);
    }

    /** Bean validation on a request body: one line per invalid field, without echoing the rejected value. */
    @Override
    protected Mono<ResponseEntity<Object>> handleWebExchangeBindException(WebExchangeBindException e,
            HttpHeaders headers, org.springframework.http.HttpStatusCode status,
            ServerWebExchange exchange) {
        List<Map<String, String>> errors = e.getFieldErrors().stream()
                .map(error -> Map.of("field", error.getField(), "message", message(error)))
                .toList();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The request has invalid fields: "
                + String.join("; ", errors.stream().map(m -> m.get("field") + " " + m.get("message")).toList()));
        problem.setType(URI.create("https://medledger.org/problems/invalid-request"));
        problem.setProperty("errors", errors);
        return Mono.just(ResponseEntity.badRequest().body(problem));
    }

    @Override
    protected Mono<ResponseEntity<Object>> handleHandlerMethodValidationException(HandlerMethodValidationException e,
            HttpHeaders headers, org.springframework.http.HttpStatusCode status,
            ServerWebExchange exchange) {
        List<String> messages = e.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream()
                        .map(error -> result.getMethodParameter().getParameterName() + " " + error.getDefaultMessage()))
                .toList();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The request has invalid parameters: " + String.join("; ", messages));
        problem.setType(URI.create("https://medledger.org/problems/invalid-request"));
        return Mono.just(ResponseEntity.badRequest().body(problem));
    }

    /** Unreadable JSON, a wrong type or a missing parameter: say which, without quoting the input. */
    @Override
    protected Mono<ResponseEntity<Object>> handleServerWebInputException(ServerWebInputException e,
            HttpHeaders headers, org.springframework.http.HttpStatusCode status,
            ServerWebExchange exchange) {
        String detail = e.getMethodParameter() != null && e.getMethodParameter().getParameterName() != null
                ? "The request could not be read: parameter '" + e.getMethodParameter().getParameterName() + "' is missing or malformed."
                : "The request body could not be read: it must be valid JSON of the documented shape.";
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setType(URI.create("https://medledger.org/problems/unreadable-request"));
        return Mono.just(ResponseEntity.badRequest().body(problem));
    }

    private static String message(FieldError error) {
        return error.getDefaultMessage() == null ? "is invalid" : error.getDefaultMessage();
    }
}
