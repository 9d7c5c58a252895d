package org.medledger.localstack;

import java.lang.reflect.InvocationTargetException;

/**
 * Entry point of {@code java -jar local-stack.jar [--infra-only]}: checks the Java version, then hands over to
 * {@link LocalStackCli}.
 *
 * <p>This one class is compiled for Java 8 (see the pom) and reaches the rest of the stack only by reflection:
 * started with an old {@code java}, it can still say in one line what is wrong, instead of the JVM's
 * {@code UnsupportedClassVersionError} stack trace.
 */
public final class LocalStackMain {

    static final int REQUIRED_JAVA = 21;
    private static final String LOGBACK_PROPERTY = "logback.configurationFile";

    private LocalStackMain() {
    }

    public static void main(String[] args) throws Throwable {
        int feature = featureVersion(System.getProperty("java.specification.version"));
        if (feature < REQUIRED_JAVA) {
            System.err.println("the MedLedger local stack needs Java " + REQUIRED_JAVA + " or newer, but this is Java "
                    + System.getProperty("java.version") + " (" + System.getProperty("java.home")
                    + "): run it with a JDK " + REQUIRED_JAVA + "+ (set JAVA_HOME)");
            System.exit(1);
        }
        // the stack's own quiet console configuration, unless the developer chose another
        if (System.getProperty(LOGBACK_PROPERTY) == null) {
            System.setProperty(LOGBACK_PROPERTY, "local-stack-logback.xml");
        }
        try {
            Class.forName("org.medledger.localstack.LocalStackCli")
                    .getMethod("main", String[].class)
                    .invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** {@code "1.8"} is 8, {@code "21"} is 21. */
    static int featureVersion(String specificationVersion) {
        String version = specificationVersion.startsWith("1.") ? specificationVersion.substring(2)
                : specificationVersion;
        int dot = version.indexOf('.');
        return Integer.parseInt(dot < 0 ? version : version.substring(0, dot));
    }
}
