package io.ticketflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MainTest {

    @Test
    void aCommandThatThrowsEndsWithExitCodeOneAndNamesTheRootCause() {
        Command failing = command(args -> {
            throw new IllegalStateException("context did not start",
                    new java.net.ConnectException("Connection refused: 127.0.0.1:9200"));
        });
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.runToExitCode(failing, List.of());
        }
        finally {
            System.setErr(err);
        }
        assertThat(code).isEqualTo(1);
        assertThat(captured.toString(StandardCharsets.UTF_8))
                .contains("replay failed: java.net.ConnectException: Connection refused: 127.0.0.1:9200");
    }

    @Test
    void aCommandsOwnExitCodeIsKept() {
        assertThat(Main.runToExitCode(command(args -> 2), List.of("x"))).isEqualTo(2);
        assertThat(Main.runToExitCode(command(args -> 0), List.of())).isZero();
    }

    interface Body {
        int run(List<String> args) throws Exception;
    }

    private static Command command(Body body) {
        return new Command() {
            @Override
            public String name() {
                return "replay";
            }

            @Override
            public String usage() {
                return "replay";
            }

            @Override
            public int run(List<String> args) throws Exception {
                return body.run(args);
            }
        };
    }
}
