package io.ticketflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped JVM options as the launchers and the bench read them, and this JDK accepts them (a typo would stop
 *  {@code ./ticketflow run} and the embedded node at start). */
class ShippedJvmOptionsTest {

    @Test
    void commentsAndBlankLinesAreNotOptions(@TempDir Path config) throws Exception {
        Files.writeString(config.resolve("jvm.options"), "# policy\n\n-XX:FreqInlineSize=128  -Xss1m # why\n");
        assertThat(ShippedJvmOptions.ticketflow(config)).containsExactly("-XX:FreqInlineSize=128", "-Xss1m");
        Files.delete(config.resolve("jvm.options"));
        assertThat(ShippedJvmOptions.ticketflow(config)).as("no file: the JVM's defaults").isEmpty();
    }

    @Test
    void theShippedOptionsStartThisJvm() throws Exception {
        Path config = Path.of("config");
        assertThat(javaVersionExit(ShippedJvmOptions.ticketflow(config))).as("config/jvm.options").isZero();
        String es = ShippedJvmOptions.elasticsearch(config);
        assertThat(javaVersionExit(es.isBlank() ? List.of() : List.of(es.split("\\s+"))))
                .as("ticketflow.embedded.elasticsearch-jvm-options").isZero();
    }

    private static int javaVersionExit(List<String> options) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.add("-version");
        Process java = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(java.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return java.exitValue();
    }
}
