package org.medledger.gateway;

import java.net.URI;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Where an open circuit or a timed-out call lands: a 503 problem that names the service, never an empty error. */
@RestController
class FallbackController {

    private static final Set<String> SERVICES = Set.of("identity-service", "booking-service", "report-chain-service",
            "notification-service");

    @RequestMapping("/fallback/{service}")
    ResponseEntity<ProblemDetail> unavailable(@PathVariable String service) {
        String name = SERVICES.contains(service) ? service : "a MedLedger service";
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The " + name + " is not answering right now; nothing was changed by a call that failed here. Try again shortly.");
        problem.setType(URI.create("https://medledger.org/problems/service-unavailable"));
        problem.setProperty("service", name);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "10").body(problem);
    }
}
