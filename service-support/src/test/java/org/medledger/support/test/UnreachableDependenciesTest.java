package org.medledger.support.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.bson.Document;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * A service built from service-support's auto-configurations whose dependencies are all down: MongoDB and Keycloak's
 * JWK set point at a closed port. Its {@link Probe} endpoints reach each dependency, or fail unexpectedly.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(classes = UnreachableDependenciesTest.Service.class, properties = {
        "spring.application.name=unreachable-test",
        "spring.mongodb.uri=mongodb://127.0.0.1:1/test?serverSelectionTimeoutMS=300&connectTimeoutMS=300",
        "spring.kafka.bootstrap-servers=127.0.0.1:1",
        "spring.security.oauth2.resourceserver.jwt.issuer-uri=http://127.0.0.1:1/realms/medledger",
        "medledger.security.public-endpoints=GET /probe/database,GET /probe/failure"})
@AutoConfigureWebTestClient
public @interface UnreachableDependenciesTest {

    /** A message a MongoDB duplicate-key error would carry: it quotes the key, here an e-mail address. */
    String SENSITIVE_MESSAGE = "E11000 duplicate key error collection: profiles index: _id_ dup key: { _id: \"alice@example.org\" }";

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(Probe.class)
    class Service {
    }

    @RestController
    class Probe {

        private final ReactiveMongoTemplate mongo;

        Probe(ReactiveMongoTemplate mongo) {
            this.mongo = mongo;
        }

        @GetMapping("/probe/secured")
        Mono<String> secured() {
            return Mono.just("ok");
        }

        @GetMapping("/probe/database")
        Mono<Document> database() {
            return mongo.findById("any", Document.class, "anything");
        }

        @GetMapping("/probe/failure")
        Mono<String> failure() {
            return Mono.error(new IllegalStateException("wrapped", new RuntimeException(SENSITIVE_MESSAGE)));
        }
    }
}
