package org.medledger.booking;

import java.time.Duration;
import org.medledger.booking.appointments.Appointment;
import org.medledger.booking.slots.Slot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.util.retry.Retry;

/**
 * Creates the indexes the booking rules rely on, before the service takes traffic (explicitly rather than through
 * auto-index-creation, which happens lazily and in the background, too late for a unique index that is a
 * correctness guarantee). Creating an index that exists is a no-op, so every start runs this.
 */
@Component
class BookingIndexes implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(BookingIndexes.class);

    private final ReactiveMongoTemplate mongo;

    BookingIndexes(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public void run(ApplicationArguments args) {
        Flux.concat(
                        // no two slots of a doctor start at the same instant (backs the overlap check)
                        mongo.indexOps(Slot.COLLECTION).createIndex(new Index().on("doctorId", Sort.Direction.ASC)
                                .on("start", Sort.Direction.ASC).unique().named("doctor_start_unique")),
                        // free-slot listing and the reconciler's scan of booked future slots
                        mongo.indexOps(Slot.COLLECTION).createIndex(new Index().on("status", Sort.Direction.ASC)
                                .on("start", Sort.Direction.ASC).named("status_start")),
                        // a patient's overlap check and list; a doctor's list
                        mongo.indexOps(Appointment.COLLECTION).createIndex(new Index().on("patientId", Sort.Direction.ASC)
                                .on("start", Sort.Direction.ASC).named("patient_start")),
                        mongo.indexOps(Appointment.COLLECTION).createIndex(new Index().on("doctorId", Sort.Direction.ASC)
                                .on("start", Sort.Direction.ASC).named("doctor_start")))
                .retryWhen(Retry.backoff(6, Duration.ofSeconds(1)))
                .then()
                .block(Duration.ofMinutes(2));
        log.info("Booking indexes are in place");
    }
}
