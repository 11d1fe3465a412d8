package io.ticketflow.cli;

import io.ticketflow.intake.IntakeSummary;
import io.ticketflow.source.file.MessageImporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;

/** {@code ticketflow import PATH}: see {@link MessageImporter}. */
public final class ImportCommand implements Command {

    @Override
    public String name() {
        return "import";
    }

    @Override
    public String usage() {
        return "PATH  import an mbox file or a folder of .eml files (no acknowledgements are sent)";
    }

    @Override
    public int run(List<String> args) throws Exception {
        List<String> paths = args.stream().filter(a -> !a.startsWith("--")).toList();
        if (paths.size() != 1) {
            System.err.println("usage: ticketflow import PATH   (an mbox file or a folder of .eml files)");
            return 2;
        }
        Path path = Path.of(paths.get(0)).toAbsolutePath().normalize();
        if (!Files.isReadable(path)) {
            System.err.println("ticketflow import: cannot read " + path);
            return 2;
        }
        try (ConfigurableApplicationContext context = ServiceContext.start(ServiceContext.springArgs(args))) {
            MessageImporter importer = context.getBean(MessageImporter.class);
            long total = importer.count(path);
            ProgressBar bar = new ProgressBar(System.out, "import", total);
            long[] done = { 0 };
            IntakeSummary summary;
            try {
                summary = importer.importPath(path, n -> {
                    done[0] = n;
                    bar.update(n);
                });
            }
            catch (RuntimeException e) {
                bar.finish(done[0]);
                System.err.println("ticketflow import: stopped after " + done[0] + " of " + total + " messages: "
                        + e.getMessage() + "\nRun the same import again once the problem is fixed: messages already "
                        + "imported are recognised as duplicates.");
                return 1;
            }
            bar.finish(done[0]);
            System.out.println("Imported " + path + ": " + summary);
            return 0;
        }
    }
}
