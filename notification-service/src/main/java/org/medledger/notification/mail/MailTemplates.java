package org.medledger.notification.mail;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Component;

/**
 * Renders {@link MailTemplate}s with Mustache (jmustache).
 *
 * <p>Why Mustache: templates are logic-less, so whoever restyles a mail edits HTML and text without touching Java
 * and cannot run code from a template; jmustache is one small jar with no dependencies (its version is managed by
 * Spring Boot) and needs no view layer; and it HTML-escapes every {@code {{value}}} by default. The HTML part is
 * compiled with that escaper; the subject and the text part without it (they are not HTML). Templates must never use
 * the unescaped forms {@code {{{value}}}} or {@code {{&value}}}: a test enforces it.
 *
 * <p>Shared pieces (the HTML frame and its styles, the text footer) are partials in {@code _partials/}, included
 * with {@code {{> html-top}}}. A variable missing from the model fails the rendering rather than silently printing
 * nothing. Compiled templates are cached.
 */
@Component
public class MailTemplates {

    private static final String PARTIALS = "_partials/";

    private final ResourceLoader resources;
    private final String location;
    private final Mustache.Compiler html;
    private final Mustache.Compiler plain;
    private final Map<String, Template> cache = new ConcurrentHashMap<>();

    public MailTemplates(ResourceLoader resources, MailProperties properties) {
        this.resources = resources;
        this.location = properties.templates().endsWith("/") ? properties.templates() : properties.templates() + "/";
        Mustache.TemplateLoader partials = name -> reader(PARTIALS + name + ".mustache");
        this.html = Mustache.compiler().withLoader(partials);
        this.plain = Mustache.compiler().escapeHTML(false).withLoader(partials);
    }

    /**
     * Renders the three parts of {@code template}.
     *
     * @param model the values the template uses; strings, booleans (for sections) and nested maps
     */
    public RenderedMail render(MailTemplate template, Map<String, Object> model) {
        String folder = template.folder() + "/";
        String subject = oneLine(template(plain, folder + "subject").execute(model));
        Map<String, Object> withSubject = new HashMap<>(model);
        withSubject.put("subject", subject);
        return new RenderedMail(subject, template(plain, folder + "text").execute(withSubject),
                template(html, folder + "html").execute(withSubject));
    }

    private Template template(Mustache.Compiler compiler, String name) {
        String key = (compiler == html ? "html:" : "plain:") + name;
        return cache.computeIfAbsent(key, unused -> {
            try (Reader reader = reader(name + ".mustache")) {
                return compiler.compile(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read mail template " + name, e);
            } catch (MustacheException e) {
                throw new IllegalStateException("mail template " + name + " does not compile: " + e.getMessage(), e);
            }
        });
    }

    private Reader reader(String name) throws IOException {
        Resource resource = resources.getResource(location + name);
        if (!resource.exists()) {
            throw new IOException("mail template " + location + name + " not found");
        }
        return new InputStreamReader(resource.getInputStream(), StandardCharsets.UTF_8);
    }

    /** A subject is one header line: whatever a value holds, no line break may reach it. */
    private static String oneLine(String text) {
        return text.replaceAll("[\\r\\n\\t]+", " ").strip();
    }
}
