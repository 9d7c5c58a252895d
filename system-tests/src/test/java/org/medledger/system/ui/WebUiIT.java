package org.medledger.system.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.medledger.system.RunningSystem;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

/**
 * The web UI in a real browser, end to end against the whole system: SPEC.md's flows as a patient, a doctor, an
 * admin, a second doctor and an auditor live them, each in their own headless Chromium (their own session), signing
 * in on Keycloak's real login page. The steps run in order and build on each other; a step whose predecessor failed,
 * or whose service does not answer yet, is skipped with the reason rather than failing twice. Every page a step
 * visits is checked for labelled controls, a single h1 and no sideways scrolling; the last step repeats that at a
 * phone's 375 px width. A failing step leaves screenshots in {@code system-tests/target/screenshots}.
 */
@ExtendWith({RunningSystem.class, ScreenshotOnFailure.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebUiIT implements ScreenshotOnFailure.Browsers {

    private static final String PASSWORD = "Ui-Journey-Pass-2026!";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    private RunningSystem system;
    private final String run = letters(6);
    private final String patientName = "Pia Uitest " + run;
    private final String patientEmail = "ui-patient-" + run.toLowerCase() + "@example.test";
    private final String doctorName = "Dora Uitest " + run;
    private final String doctorEmail = "ui-doctor-" + run.toLowerCase() + "@example.test";
    private final Set<Integer> passed = new HashSet<>();
    private final List<Browser> browsers = new ArrayList<>();

    private Browser patient;
    private Browser doctor;
    /** The visitor who registers as a doctor, then the admin, the second doctor, the auditor: a fresh browser each. */
    private Browser other;
    private Mailbox mailbox;
    private String specializationName;
    private Instant slotStart;
    private Path reportFile;
    private String reportId;

    @BeforeAll
    void startBrowsers() {
        system = RunningSystem.get();
        mailbox = new Mailbox(system.stack().mail().greenMail());
        patient = open("patient");
        doctor = open("doctor");
        other = open("visitor");
    }

    /** Closes the third browser and opens a fresh one (new profile, no session) for the next person. */
    private Browser nextOther(String name) {
        browsers.remove(other);
        other.close();
        other = open(name);
        return other;
    }

    private Browser open(String name) {
        Browser browser = Browser.open(name, system.gateway());
        browsers.add(browser);
        return browser;
    }

    @Override
    public List<Browser> openBrowsers() {
        return browsers;
    }

    @AfterAll
    void closeBrowsers() throws IOException {
        for (Browser browser : browsers) {
            browser.close();
        }
        if (reportFile != null) {
            Files.deleteIfExists(reportFile);
        }
    }

    @Test
    @Order(1)
    void visitor_registersAsPatientAndAsDoctor_withErrorsShownOnTheForm(TestInfo step) {
        JsonNode specializations = RunningSystem.json(system.get("/api/identity/specializations", null).body());
        JsonNode first = specializations.isArray() ? specializations.get(0) : specializations.get("items").get(0);
        specializationName = first.get("name").asString();

        patient.go("#/register/patient");
        checkPage(patient);
        fillRegistration(patient, patientName, patientEmail, PASSWORD, "Different-Pass-2026!");
        patient.click("main form button[type=submit]");
        // checked in the browser: the two passwords differ
        assertThat(patient.text("main form .alert[role=alert]")).contains("check the form");
        assertThat(patient.labelled("Repeat the password").getDomAttribute("aria-invalid")).isEqualTo("true");
        patient.fill("Repeat the password", PASSWORD);
        patient.click("main form button[type=submit]");
        assertThat(patient.text(".alert-success")).contains("Your account is ready");

        other.go("#/register/doctor");
        checkPage(other);
        // long enough for the form, too weak for Keycloak's policy: the service's problem+json is shown
        fillRegistration(other, doctorName, doctorEmail, "onlylowercaseletters", "onlylowercaseletters");
        other.select("Specialization", specializationName);
        other.click("main form button[type=submit]");
        assertThat(other.find("main form .alert[role=alert]").getText()).isNotBlank();
        other.fill("Password", PASSWORD);
        other.fill("Repeat the password", PASSWORD);
        other.click("main form button[type=submit]");
        assertThat(other.text(".alert-success")).contains("admin will check");
        passed(step);
    }

    @Test
    @Order(2)
    void admin_approvesTheDoctor_andVisitorsFindThemInTheDirectory(TestInfo step) {
        requirePassed(1);
        nextOther("admin").go("#/");
        signIn(other, "admin", RunningSystem.DEMO_PASSWORD, "Admin");
        other.navigate("#/admin/doctors");
        checkPage(other);
        WebElement pending = other.find("li.pending-doctor[data-email='" + doctorEmail + "']");
        pending.findElement(By.xpath(".//button[normalize-space()='Approve']")).click();
        other.waitForText("li.pending-doctor[data-email='" + doctorEmail + "'] .alert-success", "approved");

        // the approval reaches the directory through identity events: search until it shows
        patient.go("#/doctors");
        checkPage(patient);
        patient.select("Specialization", specializationName);
        patient.fill("Name", doctorName);
        patient.until(Duration.ofSeconds(30), d -> {
            patient.click("form[role=search] button[type=submit]");
            patient.until(x -> x.findElements(By.cssSelector("#doctor-results .loading")).isEmpty());
            return patient.all("#doctor-results .doctor-name").stream().anyMatch(e -> e.getText().equals(doctorName));
        });
        patient.clickText("#doctor-results .doctor-name", doctorName);
        patient.waitForText("h1", doctorName);
        assertThat(patient.text(".slots")).contains("Sign in to see free slots");
        passed(step);
    }

    @Test
    @Order(3)
    void doctor_signsIn_andPublishesASlot(TestInfo step) {
        requirePassed(2);
        doctor.go("#/");
        signIn(doctor, doctorEmail, PASSWORD, "Doctor");
        doctor.navigate("#/slots");
        checkPage(doctor);
        // soon enough to wait for, late enough to book first: 60 to 120 s ahead, on a whole minute
        slotStart = Instant.now().plusSeconds(60).truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
        doctor.setValue("Date", DATE.format(slotStart));
        doctor.setValue("Start time", TIME.format(slotStart));
        doctor.select("Length", "10 minutes");
        doctor.click("#publish-slot button[type=submit]");
        assertThat(doctor.text("#publish-slot .alert-success")).contains("Published");
        doctor.until(d -> !startingAt(doctor.all("#own-slots tbody tr"), slotStart).isEmpty());
        passed(step);
    }

    @Test
    @Order(4)
    void patient_signsIn_andBooksTheSlot_withSymptomsAndAge(TestInfo step) {
        requirePassed(3);
        // still on the doctor's page: signing in comes back to it
        signIn(patient, patientEmail, PASSWORD, "Patient");
        patient.waitForText("h1", doctorName);
        checkPage(patient);
        WebElement choice = patient.until(d -> startingAt(patient.all(".slot-choices input[type=radio]"), slotStart)
                .stream().findFirst().orElse(null));
        patient.find("label[for='" + choice.getDomAttribute("id") + "']").click();
        assertThat(choice.isSelected()).isTrue();
        patient.fill("Symptoms", "Headaches in the morning");
        patient.fill("Age", "42");
        patient.click("#booking-form button[type=submit]");
        assertThat(patient.text(".alert-success")).contains("Booked").contains(doctorName);

        patient.navigate("#/appointments");
        checkPage(patient);
        // lists refresh themselves when a notification arrives: read each item in one go
        String status = patient.until(d -> statusOf(patient, doctorName));
        String item = patient.until(d -> patient.withText("li.appointment", doctorName).getText());
        assertThat(status).isEqualTo("BOOKED");
        assertThat(item).contains("Booked");
        passed(step);
    }

    @Test
    @Order(5)
    void doctor_isNotified_andSeesTheBookingWithSymptoms(TestInfo step) {
        requirePassed(4);
        doctor.navigate("#/notifications");
        checkPage(doctor);
        // new notifications arrive over server-sent events and refresh the open inbox
        doctor.until(Duration.ofSeconds(30), d -> !doctor.all("li.notification[data-kind='APPOINTMENT_BOOKED']").isEmpty());
        doctor.navigate("#/appointments");
        String item = doctor.until(d -> doctor.withText("li.appointment", patientName).getText());
        assertThat(item).contains("Headaches in the morning").contains("age 42").contains("Booked");
        passed(step);
    }

    @Test
    @Order(6)
    void doctor_marksTheCheckupCompleted_onceItHasStarted_andThePatientSeesIt(TestInfo step) {
        requirePassed(4);
        doctor.navigate("#/appointments");
        doctor.until(Duration.ofMinutes(3), d -> Instant.now().isAfter(slotStart.plusSeconds(1)));
        doctor.until(d -> {
            doctor.withText("li.appointment", patientName)
                    .findElement(By.xpath(".//button[normalize-space()='Mark completed']")).click();
            return true;
        });
        doctor.until(d -> "COMPLETED".equals(statusOf(doctor, patientName)));

        patient.go("#/appointments");
        String item = patient.until(d -> patient.withText("li.appointment", doctorName).getText());
        assertThat(item).contains("Completed");
        passed(step);
    }

    @Test
    @Order(7)
    void doctor_uploadsTheReport_withAProgressBar(TestInfo step) throws IOException {
        requirePassed(6);
        requireApi("/api/reports", "patient1", "report-chain-service's report API");
        reportFile = Files.createTempFile("checkup-report-", ".bin");
        byte[] content = new byte[3 * 1024 * 1024 + 17];
        new SecureRandom().nextBytes(content);
        Files.write(reportFile, content);

        doctor.navigate("#/appointments");
        doctor.clickWithin("li.appointment", patientName, By.linkText("Upload report"));
        doctor.waitForText("h1", "Upload a report");
        checkPage(doctor);
        doctor.labelled("Report file").sendKeys(reportFile.toString());
        // record what the progress bar shows while the file goes up
        doctor.script("window.uploadProgress = []; const bar = document.getElementById('upload-progress');"
                + "new MutationObserver(() => window.uploadProgress.push(bar.closest('[hidden]') ? -1 : bar.value))"
                + ".observe(bar, {attributes: true});");
        doctor.click("main form button[type=submit]");
        WebElement stored = doctor.until(Duration.ofSeconds(60), d -> doctor.all(".alert-success").stream()
                .filter(WebElement::isDisplayed).findFirst().orElse(null));
        assertThat(stored.getText()).contains("The report is stored");
        @SuppressWarnings("unchecked")
        List<Number> progress = (List<Number>) doctor.script("return window.uploadProgress");
        assertThat(progress).as("progress bar values").isNotEmpty().allMatch(v -> v.doubleValue() >= 0)
                .anyMatch(v -> v.doubleValue() == 100);
        String href = stored.findElement(By.linkText("Open the report")).getDomAttribute("href");
        reportId = href.substring(href.lastIndexOf('/') + 1);

        patient.go("#/appointments");
        patient.until(Duration.ofSeconds(30), d -> {
            patient.navigate("#/appointments?status=REPORT_AVAILABLE");
            return !patient.all("li.appointment[data-status='REPORT_AVAILABLE']").isEmpty();
        });
        passed(step);
    }

    @Test
    @Order(8)
    void patient_downloadsTheReport_withTheCodeFromTheirMailbox(TestInfo step) throws IOException {
        requirePassed(7);
        requireApi("/api/reports/" + reportId + "/access-log", patientEmail, "the report access API");
        patient.clickWithin("li.appointment", doctorName, By.linkText("View report"));
        patient.find("#send-code");
        checkPage(patient);
        // another transfer fills report-chain's budget: the download waits for room with the same token, then runs
        try (StalledUpload busy = StalledUpload.start(system, "doctor2")) {
            submitDownloadCode(patient, patientEmail);
            assertThat(patient.text("#download-area .download-wait")).contains("busy with other transfers");
        }
        awaitDownloadedReport(patient);
        passed(step);
    }

    @Test
    @Order(9)
    void patient_verifiesTheReport_againstTheSignedLedger_inTheBrowser(TestInfo step) throws IOException {
        requirePassed(7);
        requireApi("/api/reports/" + reportId + "/receipt", patientEmail, "the report receipt");
        patient.go("#/reports/" + reportId);
        // the copy checked in step 8 to be the uploaded file, byte for byte
        patient.labelled("Your downloaded copy (optional)").sendKeys(reportFile.toString());
        patient.click("#verify-button");
        WebElement summary = patient.find("#verify-result .verify-summary");
        assertThat(summary.getDomAttribute("data-outcome")).as(patient.text("#verify-result")).isEqualTo("match");
        assertThat(patient.all("#verify-result .check-bad")).isEmpty();
        assertThat(patient.text("#verify-result")).contains("Your file is the one the ledger entry commits to");

        byte[] changed = Files.readAllBytes(reportFile);
        changed[changed.length / 2] ^= 1;
        Path changedFile = Files.write(reportFile.resolveSibling("changed-" + reportFile.getFileName()), changed);
        patient.go("#/reports/" + reportId);
        patient.labelled("Your downloaded copy (optional)").sendKeys(changedFile.toString());
        patient.click("#verify-button");
        patient.until(d -> patient.find("#verify-result .verify-summary"));
        assertThat(patient.find("#verify-result .verify-summary").getDomAttribute("data-outcome")).isEqualTo("mismatch");
        assertThat(patient.withText("#verify-result .check-bad", "Your file").getText())
                .contains("Your file is the one the ledger entry commits to");
        Files.delete(changedFile);
        passed(step);
    }

    @Test
    @Order(10)
    void secondDoctor_getsAccessThroughThePatientsApproval_andThePatientSeesItInTheHistory(TestInfo step)
            throws IOException {
        requirePassed(8);
        nextOther("doctor2").go("#/");
        signIn(other, "doctor2", RunningSystem.DEMO_PASSWORD, "Doctor");
        other.navigate("#/reports/" + reportId);
        checkPage(other);
        other.fill("Reason", "Second opinion on the morning headaches");
        other.click("main form button[type=submit]");
        assertThat(other.text(".alert-success")).contains("request was sent");

        // the patient learns of the request in the app: the notification leads to the report's request
        patient.until(Duration.ofSeconds(30), d -> {
            patient.go("#/notifications");
            return !patient.all("li.notification[data-kind='ACCESS_REQUESTED']").isEmpty();
        });
        patient.find("li.notification[data-kind='ACCESS_REQUESTED'] a").click();
        patient.find("li.request");
        checkPage(patient);
        patient.clickText("li.request button", "Approve");
        // the list reloads with the request's new status
        patient.waitForText("li.request .badge", "Granted");

        other.navigate("#/reports");
        other.until(Duration.ofSeconds(30), d -> {
            other.go("#/reports/" + reportId);
            return !other.all("#send-code").isEmpty();
        });
        download(other, "doctor2@demo.medledger.test");

        patient.go("#/reports/" + reportId);
        patient.until(Duration.ofSeconds(30), d -> {
            patient.go("#/reports/" + reportId);
            String history = patient.text("[aria-labelledby=log-heading]");
            return history.contains("Access granted") && history.contains("Downloaded");
        });
        passed(step);
    }

    @Test
    @Order(11)
    void auditor_auditsTheReport_andSeesTheResult(TestInfo step) {
        requirePassed(7);
        requireApi("/api/audits", "auditor", "the audit API");
        nextOther("auditor").go("#/");
        signIn(other, "auditor", RunningSystem.DEMO_PASSWORD, "Auditor");
        other.navigate("#/audits");
        checkPage(other);
        other.find("label[for='scope-REPORT']").click();
        other.fill("Report id", reportId);
        other.click("main form button[type=submit]");
        other.waitForText("h1", "Audit");
        other.until(Duration.ofSeconds(60), d -> "false".equals(other.find("#audit-detail").getDomAttribute("aria-busy"))
                && !other.all("#audit-status .badge").isEmpty());
        assertThat(other.text("#audit-detail")).contains("Lost");
        passed(step);
    }

    @Test
    @Order(12)
    void everyPage_fitsAPhoneScreen(TestInfo step) {
        requirePassed(4);
        patient.resize(375, 812);
        try {
            for (String page : Stream.of("#/", "#/doctors", "#/appointments", "#/notifications",
                    reportId != null ? "#/reports/" + reportId : "#/reports").toList()) {
                patient.go(page);
                patient.screenshot(ScreenshotOnFailure.folder(), "phone-" + page.replaceAll("[^a-z0-9]+", "-"));
                checkPage(patient);
            }
            // keyboard: the first Tab reaches "Skip to content"; the folded navigation opens with Enter
            patient.go("#/");
            new Actions(patient.driver()).sendKeys(Keys.TAB).perform();
            assertThat(patient.driver().switchTo().activeElement().getText()).isEqualTo("Skip to content");
            assertThat(patient.find("#menu-toggle").getDomAttribute("aria-expanded")).isEqualTo("false");
            patient.find("#menu-toggle").sendKeys(Keys.ENTER);
            assertThat(patient.find("#site-nav a[href='#/appointments']").isDisplayed()).isTrue();
        } finally {
            patient.resize(1280, 900);
        }
        passed(step);
    }

    @Test
    @Order(13)
    void users_signOut_andTheirSessionsEnd(TestInfo step) {
        requirePassed(4);
        for (Browser browser : List.of(patient, doctor)) {
            browser.go("#/");
            signOut(browser);
            Object status = browser.asyncScript("const done = arguments[arguments.length - 1];"
                    + "fetch('/api/identity/me', {credentials: 'same-origin'}).then(r => done(r.status));");
            assertThat(((Number) status).intValue()).isEqualTo(401);
            // Keycloak's session ended too: signing in again asks for the password, on MedLedger's login page
            browser.click(".account button");
            browser.until(d -> d.findElements(By.name("password")).stream().findFirst().orElse(null));
            assertThat(browser.driver().getTitle()).isEqualTo("Sign in to MedLedger");
            browser.go("#/");
        }
        passed(step);
    }

    @Test
    @Order(14)
    void developer_findsEveryServicesApi_atApiDocs_fromTheFooter(TestInfo step) {
        Browser developer = nextOther("developer");
        developer.go("#/");
        developer.click(".site-footer a[href='/api/docs']");
        developer.until(d -> d.findElements(By.cssSelector(".opblock-summary-path[data-path='/api/bookings/slots']"))
                .stream().findFirst().orElse(null));
        List<String> documents = developer.driver().findElements(By.cssSelector("#select option")).stream()
                .map(WebElement::getText).toList();
        assertThat(documents).containsExactlyInAnyOrder("identity-service", "booking-service", "report-chain-service",
                "notification-service");
        // "Try it out" calls go through the gateway, never to a service's own address
        assertThat(developer.find("#servers option").getDomAttribute("value"))
                .isEqualTo(system.gateway().toString().replaceAll("/$", ""));
        new Select(developer.find("#select")).selectByVisibleText("report-chain-service");
        developer.until(d -> d.findElements(By.cssSelector(".opblock-summary-path[data-path='/api/reports']"))
                .stream().findFirst().orElse(null));
        passed(step);
    }

    // --- steps shared by the tests

    private static void fillRegistration(Browser browser, String name, String email, String password, String repeat) {
        browser.fill("Full name", name);
        browser.fill("E-mail address", email);
        browser.fill("Password", password);
        browser.fill("Repeat the password", repeat);
        browser.select("Gender", "Prefer not to say");
        browser.setValue("Date of birth", "1984-02-29");
        browser.fill("Phone", "+44 20 7946 0" + (100 + new SecureRandom().nextInt(800)));
        browser.fill("Address", "2 Hospital Road, Springfield");
    }

    /** Signs in through Keycloak's login page from the app's "Sign in" button; waits for the role in the header. */
    private void signIn(Browser browser, String username, String password, String role) {
        browser.click(".account button");
        WebElement user = browser.until(d -> d.findElements(By.name("username")).stream().findFirst().orElse(null));
        user.sendKeys(username);
        browser.driver().findElement(By.name("password")).sendKeys(password);
        browser.driver().findElement(By.id("kc-login")).click();
        browser.ready();
        browser.waitForText(".account .who", role);
    }

    /** Signs out with the header's button: through Keycloak's logout and back to the app's home page. */
    private void signOut(Browser browser) {
        String home = system.gateway().resolve("/").toString();
        browser.clickText(".account button", "Sign out");
        String landed = browser.until(d -> d.getCurrentUrl().startsWith(home) && !d.getCurrentUrl().contains("#/")
                ? d.getCurrentUrl() : null);
        assertThat(landed).as("where signing out leads").isIn(home, home + "#/");
        browser.ready();
        browser.waitForText(".account button", "Sign in");
    }

    /** Requests a code, reads it from the mailbox, enters it and checks the saved file is the uploaded one. */
    private void download(Browser browser, String email) throws IOException {
        submitDownloadCode(browser, email);
        awaitDownloadedReport(browser);
    }

    /** Asks for a download code, reads it from the mailbox and submits it. */
    private void submitDownloadCode(Browser browser, String email) {
        int seen = mailbox.count(email);
        browser.click("#send-code");
        String code = mailbox.awaitCode(email, "download code", seen);
        browser.fill("Code from the e-mail", code);
        browser.click("#download-area form button[type=submit]");
    }

    /** Waits for the download to be reported done and saved, and compares it with the uploaded file. */
    private void awaitDownloadedReport(Browser browser) throws IOException {
        assertThat(browser.text("#download-area .alert-success")).contains("Downloaded");
        Path saved = browser.until(Duration.ofSeconds(30), d -> {
            try (Stream<Path> files = Files.list(browser.downloads())) {
                return files.filter(f -> !f.toString().endsWith(".crdownload")).findFirst().orElse(null);
            } catch (IOException e) {
                return null;
            }
        });
        browser.until(d -> {
            try {
                return Files.size(saved) == Files.size(reportFile);
            } catch (IOException e) {
                return false;
            }
        });
        assertThat(Files.readAllBytes(saved)).isEqualTo(Files.readAllBytes(reportFile));
        Files.delete(saved);
    }

    /** The status of the appointment listed with {@code name} (the other party). */
    private static String statusOf(Browser browser, String name) {
        return browser.withText("li.appointment", name).getDomAttribute("data-status");
    }

    /** The elements whose {@code data-start} is {@code start} (the UI shows times in the browser's locale). */
    private static List<WebElement> startingAt(List<WebElement> elements, Instant start) {
        return elements.stream()
                .filter(e -> e.getDomAttribute("data-start") != null
                        && Instant.parse(e.getDomAttribute("data-start")).equals(start))
                .toList();
    }

    /**
     * What every page must have: one h1, a label (or aria-label) on every visible control, alt text on images, no
     * sideways scrolling.
     */
    @SuppressWarnings("unchecked")
    private static void checkPage(Browser browser) {
        List<String> problems = (List<String>) browser.script("""
                const problems = [];
                const visible = e => e.offsetParent !== null || getComputedStyle(e).position === 'fixed';
                for (const c of document.querySelectorAll('input, select, textarea, button')) {
                  if (c.type === 'hidden' || !visible(c)) continue;
                  const name = (c.labels && c.labels.length ? [...c.labels].map(l => l.textContent).join(' ') : '')
                    || c.getAttribute('aria-label') || (c.tagName === 'BUTTON' ? c.textContent : '');
                  if (!name.trim()) problems.push('unlabelled ' + c.outerHTML.slice(0, 100));
                }
                for (const img of document.querySelectorAll('img:not([alt])')) problems.push('no alt: ' + img.src);
                const h1 = document.querySelectorAll('h1').length;
                if (h1 !== 1) problems.push(h1 + ' h1 elements');
                if (document.documentElement.scrollWidth > window.innerWidth + 1)
                  problems.push('scrolls sideways: ' + document.documentElement.scrollWidth + ' > ' + window.innerWidth);
                return problems;""");
        assertThat(problems).as("accessibility of " + browser.driver().getCurrentUrl()).isEmpty();
    }

    private void passed(TestInfo step) {
        passed.add(step.getTestMethod().orElseThrow().getAnnotation(Order.class).value());
    }

    private void requirePassed(int order) {
        assumeTrue(passed.contains(order), "step " + order + " did not pass");
    }

    /** Skips a step whose back end is not there yet (404) or down (5xx), naming it. */
    private void requireApi(String path, String user, String what) {
        HttpResponse<String> response = system.get(path, system.token(user, user.contains("@") ? PASSWORD
                : RunningSystem.DEMO_PASSWORD));
        assumeTrue(response.statusCode() == 200, what + " does not answer yet: GET " + path + " gave HTTP "
                + response.statusCode());
    }

    private static String letters(int count) {
        SecureRandom random = new SecureRandom();
        StringBuilder text = new StringBuilder("Q");
        for (int i = 1; i < count; i++) {
            text.append((char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }
}
