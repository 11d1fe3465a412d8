package io.ticketflow.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Runs {@code ticketflow tokens ...} in this JVM and captures what it prints. */
public final class TokensCommandRunner {

    private TokensCommandRunner() {
    }

    public record Result(int exit, String out, String err) {
    }

    public static Result run(String... args) throws Exception {
        return run(Map.of(), args);
    }

    public static Result run(Map<String, String> env, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new TokensCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env).run(List.of(args));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
