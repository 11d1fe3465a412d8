package io.ticketflow.cli;

import freemarker.template.Configuration;
import freemarker.template.TemplateException;
import io.ticketflow.respond.MailModels;
import io.ticketflow.respond.TemplateRenderer;
import io.ticketflow.sla.SlaPolicies;
import io.ticketflow.store.TicketStore;
import io.ticketflow.store.Versioned;
import io.ticketflow.thread.SubjectTag;
import io.ticketflow.ticket.Ticket;
import io.ticketflow.vocabulary.TicketflowIdentity;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.springframework.boot.autoconfigure.freemarker.FreeMarkerProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.ui.freemarker.FreeMarkerConfigurationFactory;

/**
 * {@code ticketflow templates check} validates every mail template (file and line of each error) without starting the
 * service; {@code ticketflow templates preview NAME [--ticket N] [--lang deu]} renders one, with a stored ticket's
 * data or with the sample model.
 */
public class TemplatesCommand implements Command {

    private static final String[] LOADER_PATH = { "file:config/templates/", "classpath:/templates/" };

    private final PrintStream out;
    private final PrintStream err;

    public TemplatesCommand() {
        this(System.out, System.err);
    }

    TemplatesCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public String name() {
        return "templates";
    }

    @Override
    public String usage() {
        return "check | preview NAME [--ticket N] [--lang LANG]   validate or render the mail templates";
    }

    @Override
    public int run(List<String> args) throws Exception {
        List<String> plain = new ArrayList<>(args.stream().filter(a -> !(a.startsWith("--") && a.contains("="))).toList());
        if (plain.isEmpty()) {
            err.println("usage: ticketflow templates " + usage());
            return 2;
        }
        String action = plain.remove(0);
        String ticket = option(plain, "--ticket");
        String lang = option(plain, "--lang");
        if (action.equals("check") && plain.isEmpty()) {
            TemplateRenderer renderer;
            try {
                renderer = standalone();
            }
            catch (TemplateRenderer.TemplateValidationException e) {
                err.println(e.getMessage());
                return 1;
            }
            renderer.catalog().forEach((name, langs) -> out.println("ok  " + name + "  " + langs));
            return 0;
        }
        if (!action.equals("preview") || plain.size() != 1) {
            err.println("usage: ticketflow templates " + usage());
            return 2;
        }
        String name = plain.get(0);
        if (ticket == null) {
            TemplateRenderer renderer = standalone();
            print(renderer.render(name, lang, sampleModels().sample()));
            return 0;
        }
        List<String> spring = new ArrayList<>(ServiceContext.springArgs(args));
        // a preview must not send anything: no routes (outbox retries, follow-ups) in this process
        spring.add("--camel.main.auto-startup=false");
        try (ConfigurableApplicationContext context = ServiceContext.start(spring)) {
            Versioned<Ticket> found = context.getBean(TicketStore.class).find(ticket);
            if (found == null) {
                err.println("no ticket " + ticket);
                return 1;
            }
            Map<String, Object> model = context.getBean(MailModels.class).forTicket(found.value());
            String language = lang != null ? lang : found.value().triage().language();
            print(context.getBean(TemplateRenderer.class).render(name, language, model));
            return 0;
        }
    }

    private void print(TemplateRenderer.Rendered r) {
        out.println("Subject: " + r.subject());
        out.println();
        out.println("----- text/plain -----");
        out.println(r.text());
        if (r.html() != null) {
            out.println("----- text/html -----");
            out.println(r.html());
        }
    }

    private static String option(List<String> args, String name) {
        int i = args.indexOf(name);
        if (i < 0 || i + 1 >= args.size()) {
            return null;
        }
        String value = args.get(i + 1);
        args.remove(i + 1);
        args.remove(i);
        return value;
    }

    /** The renderer on the same files as the service, without Elasticsearch or Spring. */
    static TemplateRenderer standalone() throws Exception {
        return TemplateRenderer.withoutSpring(sampleModels(), LOADER_PATH);
    }

    private static MailModels sampleModels() {
        TicketflowIdentity identity = new TicketflowIdentity(List.of(), "support@ticketflow.local", "Ticketflow Support",
                "ticketflow.local", "TF", "ticketflow", "");
        return new MailModels(new SlaPolicies(new SlaPolicies.Properties(null)), new SubjectTag(identity), identity);
    }
}
