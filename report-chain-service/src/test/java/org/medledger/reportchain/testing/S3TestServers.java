package org.medledger.reportchain.testing;

/**
 * The two S3 servers of the test JVM, started on first use and shared by every test: bucket {@code reports-a} on
 * one endpoint and {@code reports-b} on another, so the service runs with two failure domains as in production.
 */
public final class S3TestServers {

    private static S3TestServer a;
    private static S3TestServer b;

    private S3TestServers() {
    }

    public static synchronized S3TestServer a() {
        if (a == null) {
            a = S3TestServer.start("reports-a");
        }
        return a;
    }

    public static synchronized S3TestServer b() {
        if (b == null) {
            b = S3TestServer.start("reports-b");
        }
        return b;
    }
}
