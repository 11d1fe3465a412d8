package io.ticketflow.cli;

import io.ticketflow.classify.ClassifierParams;
import io.ticketflow.classify.ClassifierRegistry;
import io.ticketflow.classify.ClassifierTrainer;
import io.ticketflow.classify.LabelledText;
import io.ticketflow.classify.TrainingData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code ticketflow train <name> [--data FILE] [--include-corrections]}: trains {@code classifiers/<name>/} and writes
 * its model and report. A running service picks the new model up without a restart.
 */
public class TrainCommand implements Command {

    @Override
    public String name() {
        return "train";
    }

    @Override
    public String usage() {
        return "<name> [--data FILE] [--include-corrections] [--classifiers DIR]  train classifiers/<name>: "
                + "compare trainers by cross-validation, write model.bin and report.txt (see docs/classification.md)";
    }

    @Override
    public int run(List<String> args) throws Exception {
        CommandArgs a = CommandArgs.parse(args);
        if (a.positional().size() != 1) {
            System.err.println("usage: ticketflow train " + usage());
            return 2;
        }
        String name = a.positional().get(0);
        Path dir = Path.of(a.option("--classifiers", "classifiers")).resolve(name);
        Path data = a.has("--data") ? Path.of(a.option("--data", null)) : dir.resolve(ClassifierRegistry.DATA_FILE);
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            System.out.println("created " + dir);
        }
        if (!Files.exists(data)) {
            System.err.println("no training data: " + data + " (CSV text,label; see docs/classification.md)");
            return 1;
        }
        List<LabelledText> examples = TrainingData.read(data.toString());
        List<LabelledText> corrections = List.of();
        if (a.flag("--include-corrections")) {
            try (ConfigurableApplicationContext context = ServiceContext.start(ServiceContext.springArgs(args))) {
                corrections = context.getBean(CorrectionsReader.class).examples(name);
            }
            System.out.println("agent corrections of " + name + ": " + corrections.size());
        }
        ClassifierParams params = ClassifierParams.read(dir.resolve(ClassifierRegistry.PARAMS_FILE));
        System.out.printf("training %s on %d examples (%s), trainers %s, %d-fold cross-validation%n", name,
                examples.size() + corrections.size(), data, params.trainers(), params.folds());
        ProgressBar bar = new ProgressBar(System.out, "train " + name, ClassifierTrainer.steps(params));
        ClassifierTrainer.Result result = ClassifierTrainer.train(dir, data.toString(), examples, corrections, bar::update);
        bar.finish(ClassifierTrainer.steps(params));
        ClassifierTrainer.summarize(result, System.out);
        System.out.println("wrote " + dir.resolve(ClassifierRegistry.MODEL_FILE) + " and " + dir.resolve(ClassifierRegistry.REPORT_FILE));
        System.out.println("trainer=" + result.trainer() + " " + result.chosen().summaryLine());
        return 0;
    }
}
