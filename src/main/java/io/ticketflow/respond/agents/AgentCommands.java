package io.ticketflow.respond.agents;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The commands on the leading lines of an agent's mail ({@code #status pending}, {@code #level L2 reason},
 * {@code #assign maria}, {@code #escalate manager reason}, {@code #internal}), and the text after them. Only lines at
 * the very top count (blank lines between them allowed): a {@code #} further down is the agent's text. Only mail
 * that {@link AgentDirectory} authenticated as an agent's is ever read for commands.
 *
 * @param status   the status to set, or null
 * @param level    the level to set, or null
 * @param assignee the agent to assign, or null
 * @param escalate a level or {@code manager} to escalate to (also set by {@code #level}), or null
 * @param reason   the reason given with {@code #level} or {@code #escalate}, or null
 * @param internal a note for agents only: nothing goes to the customer
 * @param text     the agent's text without the command lines
 * @param problems commands that were not understood (reported, never guessed)
 */
record AgentCommands(String status, String level, String assignee, String escalate, String reason, boolean internal,
        String text, List<String> problems) {

    private static final Pattern COMMAND = Pattern.compile("^#([a-z]+)\\b\\s*(.*)$", Pattern.CASE_INSENSITIVE);
    private static final int MAX_COMMAND_LINES = 10;

    static AgentCommands read(String content) {
        String[] lines = (content == null ? "" : content).split("\\R", -1);
        String status = null;
        String level = null;
        String assignee = null;
        String escalate = null;
        String reason = null;
        boolean internal = false;
        List<String> problems = new ArrayList<>();
        int i = 0;
        int commands = 0;
        for (; i < lines.length && commands < MAX_COMMAND_LINES; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            Matcher m = COMMAND.matcher(line);
            if (!m.matches()) {
                break;
            }
            commands++;
            String name = m.group(1).toLowerCase(Locale.ROOT);
            String arg = m.group(2).strip();
            String first = arg.isEmpty() ? "" : arg.split("\\s+", 2)[0];
            String rest = arg.contains(" ") ? arg.substring(arg.indexOf(' ') + 1).strip() : "";
            switch (name) {
                case "status" -> status = required(problems, line, first.toLowerCase(Locale.ROOT));
                case "assign" -> assignee = required(problems, line, first);
                case "internal" -> internal = true;
                case "level" -> {
                    level = required(problems, line, first.toUpperCase(Locale.ROOT));
                    escalate = level;
                    reason = rest.isEmpty() ? reason : rest;
                }
                case "escalate" -> {
                    escalate = required(problems, line, first.toLowerCase(Locale.ROOT).matches("l[0-9]")
                            ? first.toUpperCase(Locale.ROOT) : first.toLowerCase(Locale.ROOT));
                    reason = rest.isEmpty() ? reason : rest;
                }
                default -> problems.add("unknown command '" + line + "'");
            }
        }
        StringBuilder text = new StringBuilder();
        for (int j = i; j < lines.length; j++) {
            text.append(lines[j]).append('\n');
        }
        return new AgentCommands(status, level, assignee, escalate, reason, internal, text.toString().strip(),
                List.copyOf(problems));
    }

    boolean changesTicket() {
        return status != null || level != null || assignee != null;
    }

    private static String required(List<String> problems, String line, String value) {
        if (value.isEmpty()) {
            problems.add("'" + line + "' needs a value");
            return null;
        }
        return value;
    }
}
