package org.medledger.support.test;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Closes the shared test contexts once the test plan has run, before the JVM's shutdown hooks: otherwise the
 * embedded Kafka broker's own hook deletes its log directory while the context still uses it. Registered as a bean
 * (to learn the context) and, in each service's tests, as a JUnit Platform listener through {@code META-INF/services}
 * (to hear the plan end).
 */
public class SharedContextCloser implements TestExecutionListener, ApplicationContextAware {

    private static final Set<ConfigurableApplicationContext> CONTEXTS = ConcurrentHashMap.newKeySet();

    @Override
    public void setApplicationContext(ApplicationContext context) {
        if (context instanceof ConfigurableApplicationContext configurable) {
            CONTEXTS.add(configurable);
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        CONTEXTS.forEach(ConfigurableApplicationContext::close);
        CONTEXTS.clear();
    }
}
