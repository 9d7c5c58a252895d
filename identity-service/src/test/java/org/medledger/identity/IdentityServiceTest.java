package org.medledger.identity;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;
import org.medledger.events.Topics;
import org.medledger.identity.keycloak.FakeKeycloakUsers;
import org.medledger.support.test.InMemoryMongo;
import org.medledger.support.test.MutableClock;
import org.medledger.support.test.SharedContextCloser;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.annotation.Primary;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The one Spring context of identity-service's tests: the whole service against an in-memory MongoDB, an embedded
 * KRaft Kafka broker (so events are checked where subscribers see them), the in-memory {@link FakeKeycloakUsers}
 * in place of Keycloak, a clock tests can move, and a JWKS stub ({@link TestJwks}) so that real signed tokens can be
 * used beside {@code mockJwt()}. Every test class carries exactly this annotation, so the context is built once;
 * tests isolate themselves with fresh e-mail addresses and user ids. The background reconciliation and sweep are
 * off: tests run them explicitly.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(properties = {
        "server.shutdown=immediate",
        "medledger.identity.reconciliation.enabled=false",
        "medledger.identity.registration.sweep-interval=0",
        "medledger.events.outbox-poll-interval=200ms",
        "logging.level.kafka=WARN", "logging.level.org.apache.kafka=WARN", "logging.level.state.change.logger=WARN",
        "logging.level.org.springframework.kafka=WARN", "logging.level.org.mongodb.driver=WARN",
        "logging.level.de.bwaldvogel.mongo=WARN", "logging.level.de.bwaldvogel.mongo.wire.MongoWireProtocolHandler=OFF"})
@AutoConfigureWebTestClient
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers", topics = Topics.IDENTITY)
@ContextConfiguration(initializers = {InMemoryMongo.class, TestJwks.class})
@Import(IdentityServiceTest.Beans.class)
public @interface IdentityServiceTest {

    @TestConfiguration(proxyBeanMethods = false)
    class Beans {

        @Bean
        @Primary
        MutableClock testClock() {
            return new MutableClock();
        }

        @Bean
        @Primary
        FakeKeycloakUsers fakeKeycloakUsers(MutableClock clock) {
            return new FakeKeycloakUsers(clock);
        }

        /**
         * The client tests inject: bound to the application with Spring Security's test support applied, so that
         * both {@code mutateWith(mockJwt())} and real bearer tokens work.
         */
        @Bean
        @Primary
        @Lazy
        WebTestClient securedWebTestClient(ApplicationContext context) {
            return WebTestClient.bindToApplicationContext(context)
                    .apply(SecurityMockServerConfigurers.springSecurity())
                    .configureClient()
                    .responseTimeout(Duration.ofSeconds(30))
                    .build();
        }

        @Bean
        static SharedContextCloser sharedContextCloser() {
            return new SharedContextCloser();
        }
    }
}
