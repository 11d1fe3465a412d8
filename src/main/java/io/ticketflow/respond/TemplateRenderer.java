package io.ticketflow.respond;

import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Renders the mail templates in {@code config/templates/} (FreeMarker, through Spring Boot's configuration). A
 * template named {@code acknowledgement} is two files: {@code acknowledgement.subject.ftl} and
 * {@code acknowledgement.txt.ftl}.
 */
@Component
public class TemplateRenderer {

    private final Configuration freemarker;

    public TemplateRenderer(Configuration freemarker) {
        this.freemarker = freemarker;
    }

    public Rendered render(String name, Map<String, Object> model) {
        return new Rendered(renderOne(name + ".subject.ftl", model).strip(), renderOne(name + ".txt.ftl", model));
    }

    private String renderOne(String file, Map<String, Object> model) {
        try {
            Template template = freemarker.getTemplate(file);
            StringWriter out = new StringWriter();
            template.process(model, out);
            return out.toString();
        }
        catch (IOException | TemplateException e) {
            throw new IllegalStateException("template " + file + " failed: " + e.getMessage(), e);
        }
    }

    /** A rendered subject and text body. */
    public record Rendered(String subject, String text) {
    }
}
