package io.ticketflow.bench.jmh;

import io.ticketflow.embedded.EmbeddedElasticsearch;
import io.ticketflow.embedded.EmbeddedElasticsearchSettings;
import java.nio.file.Path;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * {@code bench/run jmh [JMH options]}: the stage micro-benchmarks. Each runs on one thread, so its ops/s is the
 * throughput of one core for that stage (for the ES-backed stages, plus the ES work on the other core). Starts an
 * embedded Elasticsearch node for the store and thread benchmarks unless {@code -Dbench.es.url=...} points at one.
 * Default: 1 fork, 2 warm-up and 3 measurement iterations of 5 s; pass JMH options to change that, for example
 * {@code bench/run jmh -f 1 -wi 1 -i 2 Parse}.
 */
public final class StageBenchmarks {

    private StageBenchmarks() {
    }

    public static void main(String[] args) throws Exception {
        CommandLineOptions cli = new CommandLineOptions(args);
        String esUrl = System.getProperty("bench.es.url");
        EmbeddedElasticsearch node = null;
        if (esUrl == null) {
            node = EmbeddedElasticsearch.start(EmbeddedElasticsearchSettings
                    .of(Path.of("target/bench/es-install").toAbsolutePath(),
                            Path.of("target/bench/jmh-es-node").toAbsolutePath()));
            esUrl = node.url();
        }
        try {
            ChainedOptionsBuilder options = new OptionsBuilder().parent(cli)
                    .jvmArgsAppend("-Dbench.es.url=" + esUrl, "-Xmx512m",
                            "-Dlogback.configurationFile=" + Path.of("bench/logback.xml").toAbsolutePath())
                    .threads(1);
            if (cli.getForkCount().hasValue() == false) {
                options.forks(1);
            }
            if (!cli.getWarmupIterations().hasValue()) {
                options.warmupIterations(2).warmupTime(org.openjdk.jmh.runner.options.TimeValue.seconds(5));
            }
            if (!cli.getMeasurementIterations().hasValue()) {
                options.measurementIterations(3).measurementTime(org.openjdk.jmh.runner.options.TimeValue.seconds(5));
            }
            if (cli.getIncludes().isEmpty()) {
                options.include("io\\.ticketflow\\.bench\\.jmh\\..*Benchmark.*");
            }
            new Runner(options.build()).run();
        }
        finally {
            if (node != null) {
                node.close();
            }
        }
    }
}
