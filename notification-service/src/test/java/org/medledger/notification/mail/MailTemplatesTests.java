package org.medledger.notification.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

class MailTemplatesTests {

    private static final MailProperties PROPERTIES = new MailProperties("MedLedger <no-reply@medledger.local>",
            "classpath:/templates/mail/", ZoneId.of("UTC"), Locale.UK, URI.create("https://medledger.example"),
            new MailProperties.Retry(1, java.time.Duration.ofMillis(1), 2.0, java.time.Duration.ofMillis(1)), null);

    private final MailTemplates templates = new MailTemplates(new DefaultResourceLoader(), PROPERTIES);

    /** Every value any template uses. */
    private static Map<String, Object> model() {
        Map<String, Object> model = new HashMap<>();
        for (String key : new String[] {"recipientName", "doctorName", "patientName", "otherName", "when", "reportId",
                "rootHash", "ledgerEntryId", "expiresAt", "code", "auditId", "scope", "chunkIndex", "chunksChecked",
                "damaged", "repaired", "lost", "ledgerHeight"}) {
            model.put(key, key + "-value");
        }
        model.put("appUrl", "https://medledger.example");
        for (String flag : new String[] {"byYou", "byOther", "byHospital", "viaApp", "viaCode", "ledgerBroken"}) {
            model.put(flag, false);
        }
        return model;
    }

    @ParameterizedTest
    @EnumSource(MailTemplate.class)
    void render_everyTemplate_givesSubjectTextAndHtmlWithTheFrame(MailTemplate template) {
        RenderedMail mail = templates.render(template, model());

        assertThat(mail.subject()).isNotBlank().doesNotContain("\n");
        assertThat(mail.text()).contains("recipientName-value").contains("https://medledger.example").doesNotContain("<");
        assertThat(mail.html()).startsWith("<!DOCTYPE html>").contains("recipientName-value")
                .contains("<title>" + mail.subject() + "</title>").contains("href=\"https://medledger.example\"");
    }

    @Test
    void render_valuesWithMarkup_escapedInHtmlOnly() {
        Map<String, Object> model = model();
        model.put("doctorName", "<script>alert(\"x\")</script> & Co");

        RenderedMail mail = templates.render(MailTemplate.APPOINTMENT_BOOKED_PATIENT, model);

        assertThat(mail.html()).doesNotContain("<script>").contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co");
        assertThat(mail.text()).contains("<script>alert(\"x\")</script> & Co");
    }

    @Test
    void render_valueWithLineBreaks_subjectStaysOneHeaderLine() {
        Map<String, Object> model = model();
        model.put("doctorName", "Evil\r\nBcc: victim@example.org");

        RenderedMail mail = templates.render(MailTemplate.APPOINTMENT_BOOKED_PATIENT, model);

        assertThat(mail.subject()).doesNotContain("\r").doesNotContain("\n").contains("Evil Bcc:");
    }

    @Test
    void render_missingValue_fails() {
        Map<String, Object> model = model();
        model.remove("doctorName");

        assertThatThrownBy(() -> templates.render(MailTemplate.APPOINTMENT_BOOKED_PATIENT, model))
                .hasMessageContaining("doctorName");
    }

    @Test
    void render_codeSections_putTheCodeInBothParts() {
        Map<String, Object> model = model();
        model.put("code", "493817");

        RenderedMail mail = templates.render(MailTemplate.DOWNLOAD_CODE, model);

        assertThat(mail.text()).contains("493817");
        assertThat(mail.html()).contains("<span class=\"code\">493817</span>");
        assertThat(mail.toString()).doesNotContain("493817");
    }

    @Test
    void templates_neverUseUnescapedTags() throws IOException {
        Resource[] files = new PathMatchingResourcePatternResolver().getResources("classpath:/templates/mail/**/*.mustache");

        assertThat(files).hasSizeGreaterThanOrEqualTo(MailTemplate.values().length * 3);
        for (Resource file : files) {
            String text = file.getContentAsString(StandardCharsets.UTF_8);
            assertThat(text).as(file.getFilename()).doesNotContain("{{{").doesNotContain("{{&");
        }
    }
}
