package org.medledger.reportchain.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.medledger.events.Topics;
import org.medledger.reportchain.ReportChainApplication;
import org.medledger.support.test.InMemoryMongo;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.ContextConfiguration;

/**
 * The one Spring context of report-chain-service's integration tests: the whole service on a random port, with
 * mongo-java-server in memory, an embedded Kafka broker, two in-process S3Proxy servers and a fake booking-service.
 * Every test class carrying exactly this annotation (and nothing else that changes the context) shares one context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = {ReportChainApplication.class, TestSecurityConfiguration.class, AutoDownloadTokens.class},
        properties = {
                "server.shutdown=immediate",
                "medledger.keys.local.pbkdf2-iterations=10000",
                "medledger.reports.warm-up.rounds=200",
                "medledger.booking.circuit-breaker.minimum-number-of-calls=1000",
                "medledger.events.outbox-poll-interval=200ms",
                "logging.level.org.apache.kafka=WARN",
                "logging.level.kafka=WARN",
                "logging.level.org.gaul=WARN",
                "logging.level.org.eclipse.jetty=WARN"
        })
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers",
        topics = {Topics.REPORT, Topics.LEDGER, Topics.CODES, Topics.ACCESS})
@ContextConfiguration(initializers = {InMemoryMongo.class, ReportChainTestEnvironment.class})
@AutoConfigureWebTestClient(timeout = "PT120S")
public @interface ReportChainIntegrationTest {
}
