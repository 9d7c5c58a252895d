package org.medledger.booking;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.medledger.booking.identity.Doctor;
import org.medledger.booking.identity.DoctorStatus;
import org.medledger.support.test.MutableClock;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Base of the tests that run against the shared context: the API client, MongoDB and the clock, reset per test. */
@BookingServiceTest
public abstract class BookingIntegrationTest {

    @Autowired
    protected ApplicationContext context;
    @Autowired
    protected ReactiveMongoTemplate mongo;
    @Autowired
    protected MutableClock clock;

    protected BookingApi api;
    protected WebTestClient webTestClient;

    @BeforeEach
    void setUpApi() {
        clock.reset();
        api = new BookingApi(context);
        webTestClient = api.web();
    }

    /** Records {@code doctor} as REJECTED in the identity projection, as a DoctorRejected event would. */
    protected void rejectInProjection(TestUsers doctor) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(doctor.id())), new Update().set("status", DoctorStatus.REJECTED),
                Doctor.class).block();
    }

    /**
     * Runs every task at once, each on its own virtual thread, released together once all of them are ready (so the
     * first ones do not finish before the last ones start); the results in task order.
     */
    protected static <T> List<T> runConcurrently(List<Callable<T>> tasks) throws Exception {
        CyclicBarrier start = new CyclicBarrier(tasks.size());
        List<Callable<T>> together = tasks.stream().<Callable<T>>map(task -> () -> {
            start.await(30, TimeUnit.SECONDS);
            return task.call();
        }).toList();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<T> results = new ArrayList<>();
            for (Future<T> future : executor.invokeAll(together)) {
                results.add(future.get());
            }
            return results;
        }
    }
}
