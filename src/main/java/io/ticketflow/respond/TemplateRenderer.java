package io.ticketflow.respond;

import freemarker.cache.ConditionalTemplateConfigurationFactory;
import freemarker.cache.FileNameGlobMatcher;
import freemarker.core.HTMLOutputFormat;
import freemarker.core.ParseException;
import freemarker.core.TemplateClassResolver;
import freemarker.core.TemplateConfiguration;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.freemarker.FreeMarkerProperties;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;
import org.springframework.ui.freemarker.FreeMarkerConfigurationFactory;

/**
 * The mail templates of {@code config/templates/} (FreeMarker, through Spring Boot's configuration and loader path).
 * <p>
 * A template {@code NAME} is up to three files per language: {@code NAME[.LANG].subject.ftl},
 * {@code NAME[.LANG].txt.ftl} and, optionally, {@code NAME[.LANG].html.ftl} (sent as the HTML alternative, values
 * HTML-escaped automatically). {@code LANG} is the ISO 639-3 code of the ticket's language ({@code deu}); a missing
 * language file falls back to the file without a language. Every file is loaded and rendered with a sample model at
 * startup and on reload, so a syntax error or an unknown variable is reported with file and line before any mail is
 * sent; a reload that fails keeps the templates that were running.
 */
@Component
public class TemplateRenderer {

    private static final Logger log = LoggerFactory.getLogger(TemplateRenderer.class);
    private static final Pattern FILE = Pattern.compile("([a-z0-9-]+)(?:\\.([a-z]{2,3}))?\\.(subject|txt|html)\\.ftl");
    /** The templates every installation must have (in the default language, text and subject at least). */
    public static final List<String> REQUIRED = List.of(MailPurpose.ACKNOWLEDGEMENT, MailPurpose.REPLY,
            MailPurpose.REMINDER, MailPurpose.ESCALATION, MailPurpose.AUTO_CLOSE, MailPurpose.SATISFACTION);

    private final Configuration freemarker;
    private final String[] loaderPath;
    private final MailModels models;
    private volatile Snapshot current;
    private volatile String lastError;

    public TemplateRenderer(Configuration freemarker, FreeMarkerProperties properties, MailModels models) {
        this.freemarker = freemarker;
        this.loaderPath = properties.getTemplateLoaderPath();
        this.models = models;
        harden(freemarker);
        Snapshot loaded = load();
        this.current = loaded;
    }

    /** HTML output format (auto-escaping) for {@code *.html.ftl}; no class instantiation or API access from templates. */
    private static void harden(Configuration freemarker) {
        TemplateConfiguration html = new TemplateConfiguration();
        html.setOutputFormat(HTMLOutputFormat.INSTANCE);
        html.setAutoEscapingPolicy(Configuration.ENABLE_IF_SUPPORTED_AUTO_ESCAPING_POLICY);
        freemarker.setTemplateConfigurations(new ConditionalTemplateConfigurationFactory(
                new FileNameGlobMatcher("*.html.ftl"), html));
        freemarker.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        freemarker.setAPIBuiltinEnabled(false);
        freemarker.setLogTemplateExceptions(false);
    }

    /** Renders template {@code name} in the language (fallback: the default files). */
    /** A renderer on these template folders, configured like the service's, built without Spring. */
    public static TemplateRenderer withoutSpring(MailModels models, String... loaderPath) throws IOException, TemplateException {
        FreeMarkerConfigurationFactory factory = new FreeMarkerConfigurationFactory();
        factory.setTemplateLoaderPaths(loaderPath);
        factory.setPreferFileSystemAccess(false);
        Properties settings = new Properties();
        settings.setProperty("template_exception_handler", "rethrow");
        factory.setFreemarkerSettings(settings);
        Configuration configuration = factory.createConfiguration();
        FreeMarkerProperties properties = new FreeMarkerProperties();
        properties.setTemplateLoaderPath(loaderPath);
        return new TemplateRenderer(configuration, properties, models);
    }

    public Rendered render(String name, String language, Map<String, Object> model) {
        Snapshot templates = current;
        Template subject = templates.pick(name, language, "subject");
        Template text = templates.pick(name, language, "txt");
        if (subject == null || text == null) {
            throw new IllegalStateException("no template " + name + " (" + name + ".subject.ftl and " + name
                    + ".txt.ftl are needed in config/templates/)");
        }
        Template html = templates.pick(name, language, "html");
        return new Rendered(HeaderValues.clean(process(subject, model)), process(text, model),
                html == null ? null : process(html, model));
    }

    public boolean exists(String name) {
        return current.templates.containsKey(name + ".txt.ftl");
    }

    /** Names of the templates loaded, with their languages. */
    public Map<String, List<String>> catalog() {
        Map<String, List<String>> out = new TreeMap<>();
        current.templates.keySet().forEach(file -> {
            Matcher m = FILE.matcher(file);
            if (m.matches()) {
                List<String> langs = out.computeIfAbsent(m.group(1), k -> new ArrayList<>());
                String lang = m.group(2) == null ? "default" : m.group(2);
                if (!langs.contains(lang)) {
                    langs.add(lang);
                }
            }
        });
        return out;
    }

    /**
     * Loads and validates the templates again; they replace the running ones only if all of them are valid.
     *
     * @return null on success, else the errors (file and line), with the running templates unchanged
     */
    public synchronized String reload() {
        try {
            freemarker.clearTemplateCache();
            Snapshot next = load();
            if (!next.fingerprint.equals(current.fingerprint)) {
                log.info("Mail templates reloaded ({} files)", next.templates.size());
            }
            current = next;
            lastError = null;
            return null;
        }
        catch (TemplateValidationException e) {
            if (!e.getMessage().equals(lastError)) {
                log.error("Mail templates NOT reloaded, the running ones stay: {}", e.getMessage());
            }
            lastError = e.getMessage();
            return e.getMessage();
        }
    }

    /** Reloads when a template file changed (checked by the config reload timer). */
    public String reloadIfChanged() {
        return fingerprint().equals(current.fingerprint) ? lastError : reload();
    }

    public String lastError() {
        return lastError;
    }

    private Snapshot load() {
        Map<String, String> origins = discover();
        Map<String, Template> templates = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        for (Map.Entry<String, String> file : origins.entrySet()) {
            String name = file.getKey();
            try {
                Template template = freemarker.getTemplate(name, Locale.ROOT);
                process(template, models.sample());
                templates.put(name, template);
            }
            catch (ParseException e) {
                errors.add(file.getValue() + ", line " + e.getLineNumber() + ", column " + e.getColumnNumber() + ": "
                        + firstLine(e.getEditorMessage()));
            }
            catch (TemplateRenderingException e) {
                TemplateException cause = (TemplateException) e.getCause();
                errors.add(file.getValue() + ", line " + cause.getLineNumber() + ", column " + cause.getColumnNumber()
                        + ": " + firstLine(cause.getMessageWithoutStackTop()));
            }
            catch (IOException e) {
                errors.add(file.getValue() + ": cannot be read: " + e.getMessage());
            }
        }
        for (String required : REQUIRED) {
            for (String part : List.of("subject", "txt")) {
                if (!origins.containsKey(required + "." + part + ".ftl")) {
                    errors.add("config/templates/" + required + "." + part + ".ftl: missing (every template needs a "
                            + "subject and a text file in the default language)");
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new TemplateValidationException("invalid mail templates:\n  " + String.join("\n  ", errors));
        }
        return new Snapshot(templates, fingerprint());
    }

    /** Template file name → where it comes from (the first loader path location that has it wins). */
    private Map<String, String> discover() {
        Map<String, String> found = new TreeMap<>();
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
        for (String location : loaderPath) {
            String base = location.endsWith("/") ? location : location + "/";
            String pattern = base.startsWith("classpath:") ? "classpath*:" + base.substring("classpath:".length()) + "*.ftl"
                    : base + "*.ftl";
            try {
                for (Resource r : resolver.getResources(pattern)) {
                    String name = r.getFilename();
                    if (name != null && FILE.matcher(name).matches()) {
                        found.putIfAbsent(name, base.replaceFirst("^file:", "").replaceFirst("^classpath:/?", "classpath:/")
                                + name);
                    }
                    else if (name != null) {
                        log.warn("Ignoring {}{}: not NAME[.LANG].(subject|txt|html).ftl", base, name);
                    }
                }
            }
            catch (IOException e) {
                log.debug("No templates at {}: {}", pattern, e.getMessage());
            }
        }
        return found;
    }

    /** Names, sizes and modification times of the template files, to notice an edit. */
    private String fingerprint() {
        StringBuilder s = new StringBuilder();
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
        for (String location : loaderPath) {
            if (!location.startsWith("file:")) {
                continue;
            }
            try {
                for (Resource r : resolver.getResources((location.endsWith("/") ? location : location + "/") + "*.ftl")) {
                    s.append(r.getFilename()).append(':').append(r.contentLength()).append(':').append(r.lastModified())
                            .append(';');
                }
            }
            catch (IOException e) {
                s.append(location).append(":unreadable;");
            }
        }
        return s.toString();
    }

    private static String process(Template template, Map<String, Object> model) {
        try {
            StringWriter out = new StringWriter();
            template.process(model, out);
            return out.toString();
        }
        catch (TemplateException e) {
            throw new TemplateRenderingException(template.getSourceName(), e);
        }
        catch (IOException e) {
            throw new IllegalStateException("template " + template.getSourceName() + " failed: " + e.getMessage(), e);
        }
    }

    /** The first lines of FreeMarker's message (what failed and which expression), without its tips and stack. */
    private static String firstLine(String message) {
        if (message == null) {
            return "error";
        }
        List<String> kept = new ArrayList<>();
        for (String line : message.strip().split("\\R")) {
            String l = line.strip();
            if (l.startsWith("----") || l.startsWith("Tip:") || l.startsWith("FTL stack") || kept.size() == 2) {
                break;
            }
            if (!l.isEmpty()) {
                kept.add(l.replaceAll("\\s*\\[in template .*$", ""));
            }
        }
        return String.join(" ", kept);
    }

    /** A rendered subject, text body and optional HTML body. */
    public record Rendered(String subject, String text, String html) {
    }

    /** The templates in use: an immutable set, swapped as a whole. */
    private record Snapshot(Map<String, Template> templates, String fingerprint) {
        Template pick(String name, String language, String part) {
            if (language != null && !language.isBlank()) {
                Template t = templates.get(name + "." + language.toLowerCase(Locale.ROOT) + "." + part + ".ftl");
                if (t != null) {
                    return t;
                }
            }
            return templates.get(name + "." + part + ".ftl");
        }
    }

    /** A template failed while rendering (a variable it needs is missing, a wrong type ...). */
    static final class TemplateRenderingException extends RuntimeException {
        TemplateRenderingException(String file, TemplateException cause) {
            super("template " + file + ", line " + cause.getLineNumber() + ": " + firstLine(cause.getMessageWithoutStackTop()),
                    cause);
        }
    }

    /** The templates on disk are not valid; the message names every file and line at fault. */
    public static final class TemplateValidationException extends RuntimeException {
        TemplateValidationException(String message) {
            super(message);
        }
    }
}
