package org.medledger.booking;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Closes the shared test context when the whole test plan has run, before the JVM exits. Without it the context
 * (and the embedded Kafka broker in it) would be closed by a JVM shutdown hook racing Kafka's own hook that deletes
 * the broker's log directory, which floods the log with storage errors. {@code @DirtiesContext} would avoid that
 * too, but at the price of one context per test class.
 *
 * <p>Registered twice: as a bean (to learn the context) and as a JUnit Platform listener through
 * {@code META-INF/services} (to hear that the plan finished).
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
        for (ConfigurableApplicationContext context : CONTEXTS) {
            context.close();
        }
        CONTEXTS.clear();
    }
}
