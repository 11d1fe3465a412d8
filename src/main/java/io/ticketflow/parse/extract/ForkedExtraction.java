package io.ticketflow.parse.extract;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Attachment extraction in a pool of child JVMs ({@link ExtractionWorker}). A thread interrupt cannot stop a parser
 * that spins in a loop, and a parser that allocates without bound would take the whole application down; a child
 * process can be killed. So each request runs under the time limit in a worker; when the limit passes, the worker is
 * destroyed (SIGKILL) and replaced on the next request. Workers start lazily: mail without attachments never starts
 * one. Heap per worker is capped by the JVM options (default 384 MB, exit on OOM).
 * <p>
 * Why not Tika's ForkParser: it needs a tika-app jar (or its class-loader bootstrap) on the child's classpath,
 * which a Spring Boot fat jar does not have; our worker reuses this application's own classpath and also unpacks
 * TNEF and .msg containers with the same time limit.
 */
final class ForkedExtraction implements TextExtraction {

    private static final Logger log = LoggerFactory.getLogger(ForkedExtraction.class);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private final WorkerPoolSettings settings;
    private final LinkedBlockingQueue<Worker> idle = new LinkedBlockingQueue<>();
    private final Semaphore permits;
    private final ExecutorService readers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "extraction-reader");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;

    ForkedExtraction(WorkerPoolSettings settings) {
        this.settings = settings;
        this.permits = new Semaphore(settings.workers());
    }

    @Override
    public Result extract(Request request) {
        if (closed) {
            return Result.failed("text not extracted: extraction is shut down");
        }
        try {
            permits.acquire();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.failed("text not extracted: interrupted");
        }
        Worker worker = null;
        try {
            worker = idle.poll();
            if (worker == null || !worker.process.isAlive()) {
                if (worker != null) {
                    worker.kill();
                }
                worker = start();
            }
            Worker current = worker;
            Future<Result> answer = readers.submit(() -> current.call(request));
            long timeout = settings.timeout().toMillis();
            try {
                Result result = answer.get(timeout, TimeUnit.MILLISECONDS);
                idle.offer(worker);
                worker = null;
                return result;
            }
            catch (TimeoutException e) {
                answer.cancel(true);
                return Result.failed("text not extracted: time limit of " + settings.timeout().toSeconds()
                        + " s exceeded, extraction process killed");
            }
            catch (ExecutionException e) {
                return Result.failed("text not extracted: extraction process failed (" + AttachmentExtractor.describe(e) + ")");
            }
        }
        catch (IOException | TimeoutException | ExecutionException e) {
            return Result.failed("text not extracted: extraction process could not start (" + AttachmentExtractor.describe(e) + ")");
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.failed("text not extracted: interrupted");
        }
        finally {
            if (worker != null) {
                worker.kill(); // timed out or broken: never reused
            }
            permits.release();
        }
    }

    private Worker start() throws IOException, InterruptedException, TimeoutException, ExecutionException {
        ProcessBuilder builder = new ProcessBuilder(command(settings.jvmOptions()));
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process process = builder.start();
        Worker worker = new Worker(process);
        Future<Integer> ready = readers.submit(worker.in::readInt);
        try {
            int hello = ready.get(STARTUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (hello != ExtractionWorker.READY) {
                throw new IOException("worker answered " + hello + " instead of ready");
            }
        }
        catch (TimeoutException | ExecutionException | IOException | InterruptedException e) {
            worker.kill();
            throw e;
        }
        log.debug("Started extraction worker pid {}", process.pid());
        return worker;
    }

    /**
     * The worker's command line: this JVM's java with this application's classpath. From a Spring Boot fat jar the
     * classes are nested in the jar, so the worker is started through Boot's PropertiesLauncher with loader.main.
     */
    static List<String> command(List<String> jvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        URL location = ExtractionWorker.class.getProtectionDomain().getCodeSource().getLocation();
        String classPath = System.getProperty("java.class.path");
        if (location != null && location.toString().startsWith("jar:nested:")) {
            command.add("-cp");
            command.add(Path.of(classPath.split(File.pathSeparator)[0]).toAbsolutePath().toString());
            command.add("-Dloader.main=" + ExtractionWorker.class.getName());
            command.add("org.springframework.boot.loader.launch.PropertiesLauncher");
        }
        else {
            command.add("-cp");
            command.add(classPath);
            command.add(ExtractionWorker.class.getName());
        }
        return command;
    }

    @Override
    public void close() {
        closed = true;
        Worker w;
        while ((w = idle.poll()) != null) {
            w.kill();
        }
        readers.shutdownNow();
    }

    /** One child JVM and its protocol streams. */
    private static final class Worker {
        private final Process process;
        private final DataOutputStream out;
        private final DataInputStream in;

        Worker(Process process) {
            this.process = process;
            this.out = new DataOutputStream(new BufferedOutputStream(process.getOutputStream()));
            this.in = new DataInputStream(new BufferedInputStream(process.getInputStream()));
        }

        Result call(Request request) throws IOException {
            ExtractionWorker.writeRequest(out, request);
            out.flush();
            return ExtractionWorker.readResult(in);
        }

        void kill() {
            process.destroyForcibly();
            try {
                process.getOutputStream().close();
            }
            catch (IOException e) {
                // already gone
            }
        }
    }
}
