package org.medledger.support.mongo;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoReactiveAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;

/** Registers the ping-based indicator as {@code mongo}; services disable Boot's own ({@code management.health.mongodb.enabled=false}). */
@AutoConfiguration(after = DataMongoReactiveAutoConfiguration.class)
@ConditionalOnBean(ReactiveMongoTemplate.class)
public class MongoHealthAutoConfiguration {

    @Bean(name = "mongoHealthIndicator")
    MongoPingHealthIndicator mongoPingHealthIndicator(ReactiveMongoTemplate mongo) {
        return new MongoPingHealthIndicator(mongo);
    }
}
