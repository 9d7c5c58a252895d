package org.medledger.support.events;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Defaults every service needs for its trace context to reach the events it writes: Reactor restores the request's
 * observation (and so the current span and the log MDC) in every operator, where services call
 * {@code EventCodec.prepare}. Added last, so a service's own configuration still wins.
 */
public class TracingDefaults implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new MapPropertySource("medledgerTracingDefaults",
                Map.of("spring.reactor.context-propagation", "auto")));
    }
}
