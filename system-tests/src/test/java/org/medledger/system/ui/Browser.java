package org.medledger.system.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.util.FileSystemUtils;

/**
 * One headless Debian Chromium, driven by ChromeDriver, for one user of the web UI: its own profile (so its own
 * cookies and session), its own download folder, UTC as time zone and en-US as locale, so that the times a test
 * types mean the same to the browser and to the test. Chromium and ChromeDriver come from Debian's {@code chromium}
 * and {@code chromium-driver} packages; {@code -Dmedledger.chromium} and {@code -Dmedledger.chromedriver} point
 * elsewhere.
 */
final class Browser implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(20);
    private static final String CHROMIUM = System.getProperty("medledger.chromium", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = System.getProperty("medledger.chromedriver", "/usr/bin/chromedriver");

    private final String name;
    private final URI base;
    private final Path profile;
    private final Path downloads;
    private final ChromeDriver driver;

    private Browser(String name, URI base, Path profile, Path downloads, ChromeDriver driver) {
        this.name = name;
        this.base = base;
        this.profile = profile;
        this.downloads = downloads;
        this.driver = driver;
    }

    /** Starts a browser for the UI at {@code base}, 1280 × 900 px; {@code name} labels its screenshots. */
    static Browser open(String name, URI base) {
        requireInstalled(CHROMIUM, "chromium");
        requireInstalled(CHROMEDRIVER, "chromium-driver");
        try {
            Path profile = Files.createTempDirectory("medledger-ui-" + name + "-");
            Path downloads = Files.createDirectories(profile.resolve("downloads"));
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM);
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                    "--disable-default-apps", "--password-store=basic", "--lang=en-US", "--window-size=1280,900",
                    "--user-data-dir=" + profile.resolve("chrome"));
            options.setExperimentalOption("prefs", Map.of(
                    "download.default_directory", downloads.toString(),
                    "download.prompt_for_download", false,
                    "credentials_enable_service", false,
                    "intl.accept_languages", "en-US"));
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(Path.of(CHROMEDRIVER).toFile())
                    .usingAnyFreePort()
                    .withEnvironment(Map.of("TZ", "UTC", "LANG", "en_US.UTF-8", "LANGUAGE", "en_US"))
                    .build();
            ChromeDriver driver = new ChromeDriver(service, options);
            // files the page saves (a Blob URL behind <a download>) go to this browser's own folder, without asking
            driver.executeCdpCommand("Browser.setDownloadBehavior",
                    Map.of("behavior", "allow", "downloadPath", downloads.toString(), "eventsEnabled", false));
            return new Browser(name, base, profile, downloads, driver);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void requireInstalled(String path, String debianPackage) {
        if (!Files.isExecutable(Path.of(path))) {
            throw new IllegalStateException(path + " not found: the browser tests need Debian's Chromium and ChromeDriver "
                    + "(apt-get install chromium chromium-driver), or -Dmedledger.chromium / -Dmedledger.chromedriver "
                    + "pointing at them. Missing package: " + debianPackage);
        }
    }

    String name() {
        return name;
    }

    WebDriver driver() {
        return driver;
    }

    Path downloads() {
        return downloads;
    }

    /** Loads a page of the UI afresh ({@code "#/doctors"}) and waits until the app has drawn it. */
    Browser go(String hash) {
        String url = base.resolve("/" + hash).toString();
        boolean sameDocument = driver.getCurrentUrl() != null && driver.getCurrentUrl().startsWith(base.resolve("/").toString());
        driver.get(url);
        if (sameDocument) {
            // only the fragment changed: the browser did not reload, so reload to fetch fresh data
            driver.navigate().refresh();
        }
        return ready();
    }

    /** Waits until the app is started (it marks {@code body[data-ready]}) and no view is still loading. */
    Browser ready() {
        until(d -> Boolean.TRUE.equals(script("return document.body !== null && document.body.dataset.ready === 'true'"
                + " && document.querySelector('main .loading') === null")));
        return this;
    }

    /** Navigates inside the app (a hash change, no reload; a reload if already there) and waits until it is drawn. */
    Browser navigate(String hash) {
        if (driver.getCurrentUrl() != null && driver.getCurrentUrl().endsWith(hash)) {
            return go(hash);
        }
        // the app sets data-ready back to true once the new page is drawn
        script("document.body.dataset.ready = 'false'; location.hash = arguments[0];", hash);
        until(d -> d.getCurrentUrl().endsWith(hash));
        return ready();
    }

    <T> T until(Function<WebDriver, T> condition) {
        return until(WAIT, condition);
    }

    /** Waits for a condition, retrying while the page is being replaced under it (a navigation, a re-render). */
    <T> T until(Duration timeout, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, timeout)
                .pollingEvery(Duration.ofMillis(250))
                .ignoring(StaleElementReferenceException.class)
                .ignoring(JavascriptException.class)
                .until(condition);
    }

    WebElement find(String css) {
        return until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** The visible element whose text contains {@code text} among those matching {@code css}. */
    WebElement withText(String css, String text) {
        return until(d -> d.findElements(By.cssSelector(css)).stream()
                .filter(e -> e.isDisplayed() && e.getText().contains(text)).findFirst().orElse(null));
    }

    /**
     * Clicks {@code target} inside the visible element matched by {@code css} whose text contains {@code text}; if
     * the list is redrawn meanwhile (live notifications refresh it), finds it again.
     */
    Browser clickWithin(String css, String text, By target) {
        until(d -> {
            withText(css, text).findElement(target).click();
            return true;
        });
        return this;
    }

    Browser click(String css) {
        until(ExpectedConditions.elementToBeClickable(By.cssSelector(css))).click();
        return this;
    }

    /** Clicks the button or link (matched by {@code css}) labelled {@code text}. */
    Browser clickText(String css, String text) {
        WebElement element = withText(css, text);
        until(ExpectedConditions.elementToBeClickable(element)).click();
        return this;
    }

    /** Types into the form control labelled {@code label} (found through its label, as a user would). */
    Browser fill(String label, String text) {
        WebElement control = labelled(label);
        control.clear();
        control.sendKeys(text);
        return this;
    }

    /** The form control whose {@code <label>} reads {@code label}. */
    WebElement labelled(String label) {
        return until(d -> d.findElements(By.cssSelector("label")).stream()
                .filter(l -> l.isDisplayed() && l.getText().replace("*", "").trim().equals(label))
                .findFirst()
                .map(l -> d.findElement(By.id(l.getDomAttribute("for"))))
                .orElse(null));
    }

    /** Chooses the option shown as {@code optionText} in the select labelled {@code label}. */
    Browser select(String label, String optionText) {
        new org.openqa.selenium.support.ui.Select(labelled(label)).selectByVisibleText(optionText);
        return this;
    }

    /** Sets a date or time control, which Chromium does not take as typed text in every locale. */
    Browser setValue(String label, String value) {
        script("const c = arguments[0]; c.value = arguments[1]; c.dispatchEvent(new Event('input', {bubbles: true}));"
                + "c.dispatchEvent(new Event('change', {bubbles: true}));", labelled(label), value);
        return this;
    }

    /** The text of the first visible element matching {@code css}. */
    String text(String css) {
        return find(css).getText();
    }

    /** Waits for an element matching {@code css} whose text contains {@code text}. */
    WebElement waitForText(String css, String text) {
        return withText(css, text);
    }

    Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    Object asyncScript(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeAsyncScript(script, arguments);
    }

    void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** Saves a PNG of the viewport; returns where. */
    Path screenshot(Path folder, String fileName) {
        try {
            Files.createDirectories(folder);
            Path file = folder.resolve(fileName + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteQuietly(profile);
        }
    }

    private static void deleteQuietly(Path folder) {
        try {
            FileSystemUtils.deleteRecursively(folder);
        } catch (IOException e) {
            // a temp folder left behind is harmless
        }
    }
}
