package org.medledger.system.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * When a browser test fails, saves a screenshot and the page's HTML of every browser the test holds to
 * {@code system-tests/target/screenshots/<class>-<test>-<browser>.png|html}, and names them in the log.
 */
final class ScreenshotOnFailure implements TestWatcher {

    /** A test class whose browsers should be photographed when one of its tests fails. */
    interface Browsers {
        List<Browser> openBrowsers();
    }

    static Path folder() {
        String root = System.getProperty("medledger.repo.root", "..");
        return Path.of(root).toAbsolutePath().normalize().resolve("system-tests/target/screenshots");
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        if (!(context.getTestInstance().orElse(null) instanceof Browsers test)) {
            return;
        }
        String prefix = context.getRequiredTestClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName();
        for (Browser browser : test.openBrowsers()) {
            try {
                Path png = browser.screenshot(folder(), prefix + "-" + browser.name());
                Path html = png.resolveSibling(prefix + "-" + browser.name() + ".html");
                Files.writeString(html, browser.driver().getPageSource());
                System.err.println("[ui] " + browser.name() + " at " + browser.driver().getCurrentUrl() + ": " + png);
            } catch (RuntimeException | IOException e) {
                System.err.println("[ui] no screenshot of " + browser.name() + ": " + e);
            }
        }
    }
}
