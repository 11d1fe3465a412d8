package io.ticketflow.classify;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import opennlp.tools.doccat.DoccatModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trained classifiers of {@code classifiers/<name>/}: each folder with a {@code model.bin} is one classifier, its
 * threshold read from {@code params.properties}. Files are checked for changes at most every {@code checkEvery} and a
 * changed model is loaded without a restart; a model that fails to load leaves the previous one running and its error
 * is reported by {@link #errors()}. Without the folder, the models shipped in the jar are used.
 */
public final class ClassifierRegistry {

    public static final String MODEL_FILE = "model.bin";
    public static final String PARAMS_FILE = "params.properties";
    public static final String DATA_FILE = "data.csv";
    public static final String REPORT_FILE = "report.txt";
    /** The classifiers shipped with Ticketflow (also inside the jar, as the fallback). */
    public static final List<String> SHIPPED = List.of("category", "type", "priority");

    private static final Logger log = LoggerFactory.getLogger(ClassifierRegistry.class);

    private final Path directory;
    private final Duration checkEvery;
    private volatile Map<String, Loaded> loaded = Map.of();
    private volatile Map<String, String> errors = Map.of();
    private volatile long nextCheck;
    private volatile ClassifierSet set = new ClassifierSet(Map.of());

    /** A {@code checkEvery} too long for the clock (e.g. {@code ChronoUnit.FOREVER}): loaded once, never checked. */
    public ClassifierRegistry(Path directory, Duration checkEvery) {
        this.directory = directory;
        this.checkEvery = checkEvery;
        refresh();
    }

    /** The classifiers by name, reloading changed files first when the check interval has passed. */
    public Map<String, DocClassifier> classifiers() {
        if (System.currentTimeMillis() >= nextCheck) {
            refresh();
        }
        Map<String, DocClassifier> out = new LinkedHashMap<>();
        loaded.forEach((name, l) -> out.put(name, l.classifier()));
        return out;
    }

    /** The classifiers with their shared feature index, made anew when a model was (re)loaded. */
    ClassifierSet classifierSet() {
        Map<String, DocClassifier> current = classifiers();
        ClassifierSet s = set;
        if (!s.isOf(current)) {
            // two threads may both build it after a reload; either result is right
            s = new ClassifierSet(current);
            set = s;
        }
        return s;
    }

    /** Classifiers whose current files could not be loaded (name → error); the previous model keeps running. */
    public Map<String, String> errors() {
        return errors;
    }

    public Path directory() {
        return directory;
    }

    synchronized void refresh() {
        if (System.currentTimeMillis() < nextCheck) {
            return;
        }
        try {
            if (Files.isDirectory(directory)) {
                refreshFromDirectory();
            }
            else if (loaded.isEmpty()) {
                loadFromClassPath();
            }
        }
        finally {
            nextCheck = after(checkEvery);
        }
    }

    private static long after(Duration wait) {
        try {
            return Math.addExact(System.currentTimeMillis(), wait.toMillis());
        }
        catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private void refreshFromDirectory() {
        Map<String, Loaded> next = new TreeMap<>();
        Map<String, String> problems = new TreeMap<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(directory, Files::isDirectory)) {
            for (Path dir : dirs) {
                Path model = dir.resolve(MODEL_FILE);
                if (!Files.isRegularFile(model)) {
                    continue;
                }
                String name = dir.getFileName().toString();
                Loaded previous = loaded.get(name);
                try {
                    FileTime modelTime = Files.getLastModifiedTime(model);
                    Path paramsFile = dir.resolve(PARAMS_FILE);
                    FileTime paramsTime = Files.exists(paramsFile) ? Files.getLastModifiedTime(paramsFile) : null;
                    if (previous != null && previous.modelTime().equals(modelTime)
                            && Objects.equals(previous.paramsTime(), paramsTime)) {
                        next.put(name, previous);
                        continue;
                    }
                    ClassifierParams params = ClassifierParams.read(paramsFile);
                    DocClassifier classifier = previous != null && previous.modelTime().equals(modelTime)
                            ? previous.classifier()
                            : DocClassifier.load(model, params.threshold());
                    classifier = classifier.withThreshold(threshold(params, classifier));
                    next.put(name, new Loaded(classifier, modelTime, paramsTime));
                    if (previous != null) {
                        log.info("Reloaded classifier {} from {}", name, dir);
                    }
                }
                catch (Exception | LinkageError e) {
                    problems.put(name, dir + ": " + e.getMessage());
                    log.warn("Cannot load classifier {} from {} (the previous model stays): {}", name, dir, e.getMessage());
                    if (previous != null) {
                        next.put(name, previous);
                    }
                }
            }
        }
        catch (IOException e) {
            problems.put("*", "cannot list " + directory + ": " + e.getMessage());
            next.putAll(loaded);
        }
        loaded = Map.copyOf(next);
        errors = Map.copyOf(problems);
    }

    private void loadFromClassPath() {
        Map<String, Loaded> next = new TreeMap<>();
        for (String name : SHIPPED) {
            try (InputStream model = getClass().getResourceAsStream("/classifiers/" + name + "/" + MODEL_FILE)) {
                if (model != null) {
                    DocClassifier classifier = new DocClassifier(new DoccatModel(model), ClassifierParams.DEFAULTS.threshold());
                    next.put(name, new Loaded(classifier.withThreshold(threshold(paramsFromClassPath(name), classifier)),
                            FileTime.fromMillis(0), null));
                }
            }
            catch (IOException e) {
                log.warn("Cannot load the shipped classifier {}: {}", name, e.getMessage());
            }
        }
        loaded = Map.copyOf(next);
    }

    private ClassifierParams paramsFromClassPath(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/classifiers/" + name + "/" + PARAMS_FILE)) {
            if (in == null) {
                return ClassifierParams.DEFAULTS;
            }
            Path tmp = Files.createTempFile("ticketflow-params", ".properties");
            try {
                Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                return ClassifierParams.read(tmp);
            }
            finally {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /**
     * {@code threshold=auto}: the threshold chosen from the model's reliability curve when it was trained (stored in
     * the model); a fixed threshold, or a model trained without calibration: the number in params.properties.
     */
    public static double threshold(ClassifierParams params, DocClassifier model) {
        return params.autoThreshold() ? model.calibratedThreshold().orElse(params.threshold()) : params.threshold();
    }

    private record Loaded(DocClassifier classifier, FileTime modelTime, FileTime paramsTime) {
    }
}
