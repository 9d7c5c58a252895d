package org.medledger.booking;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.medledger.events.Topics;
import org.medledger.support.test.InMemoryMongo;
import org.medledger.support.test.MutableClock;
import org.medledger.support.test.SharedContextCloser;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.ContextConfiguration;

/**
 * The one Spring context of booking-service's tests: the whole service against an in-memory MongoDB and an
 * embedded KRaft Kafka broker, with a clock tests can move. Every test class carries exactly this annotation, so
 * the context is built once and shared; tests isolate themselves by using fresh user ids.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(properties = {
        "server.shutdown=immediate",
        "medledger.events.consumer-retry-initial-interval=50ms",
        "medledger.events.consumer-retry-max-attempts=2",
        "medledger.events.outbox-poll-interval=200ms",
        "medledger.booking.reconcile-interval=1h",
        "spring.security.oauth2.resourceserver.jwt.issuer-uri=http://127.0.0.1:1/realms/test",
        "logging.level.kafka=WARN", "logging.level.org.apache.kafka=WARN", "logging.level.state.change.logger=WARN",
        "logging.level.org.springframework.kafka=WARN", "logging.level.org.mongodb.driver=WARN",
        "logging.level.de.bwaldvogel.mongo=WARN", "logging.level.de.bwaldvogel.mongo.wire.MongoWireProtocolHandler=OFF"})
@AutoConfigureWebTestClient
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers",
        topics = {Topics.IDENTITY, Topics.BOOKING, Topics.REPORT, "medledger.identity.v1.dlt", "medledger.report.v1.dlt"})
@ContextConfiguration(initializers = InMemoryMongo.class)
@Import(BookingServiceTest.TestClock.class)
public @interface BookingServiceTest {

    @TestConfiguration(proxyBeanMethods = false)
    class TestClock {

        @Bean
        @Primary
        MutableClock testClock() {
            return new MutableClock();
        }

        @Bean
        static SharedContextCloser sharedContextCloser() {
            return new SharedContextCloser();
        }
    }
}
