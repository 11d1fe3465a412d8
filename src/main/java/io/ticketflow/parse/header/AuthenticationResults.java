package io.ticketflow.parse.header;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One Authentication-Results header value (RFC 8601 section 2.2): the authserv-id, then results separated by
 * {@code ;}, each {@code method[/version]=result} followed by {@code reason=} and {@code ptype.property=value}
 * pairs. Comments in parentheses (nested, as CFWS allows) and quoted strings are understood; anything unreadable
 * gives no result rather than an error, because the header comes from mail.
 *
 * @param authservId the authserv-id, lower case (empty for a value that has none)
 * @param results    the results in the order written
 */
public record AuthenticationResults(String authservId, List<Result> results) {

    /** Longest value read; an Authentication-Results header has no reason to be longer. */
    static final int MAX_CHARS = 8192;

    /** One method's result, e.g. {@code dmarc=fail header.from=example.com}. */
    public record Result(String method, String result, Map<String, String> properties) {

        public String property(String name) {
            return properties.get(name.toLowerCase(Locale.ROOT));
        }
    }

    public static AuthenticationResults parse(String value) {
        if (value == null) {
            return new AuthenticationResults("", List.of());
        }
        String text = withoutComments(value.length() > MAX_CHARS ? value.substring(0, MAX_CHARS) : value);
        List<String> parts = split(text);
        String[] head = parts.get(0).strip().split("\\s+");
        String authservId = head.length == 0 ? "" : unquote(head[0]).toLowerCase(Locale.ROOT);
        List<Result> results = new ArrayList<>();
        for (String part : parts.subList(1, parts.size())) {
            Result r = result(part);
            if (r != null) {
                results.add(r);
            }
        }
        return new AuthenticationResults(authservId, List.copyOf(results));
    }

    /** The result of a method, e.g. {@code dmarc}; for several (two DKIM signatures) a pass wins, else the first. */
    public String resultOf(String method) {
        String first = null;
        for (Result r : results) {
            if (r.method().equals(method)) {
                if ("pass".equals(r.result())) {
                    return "pass";
                }
                first = first == null ? r.result() : first;
            }
        }
        return first;
    }

    public List<Result> resultsOf(String method) {
        return results.stream().filter(r -> r.method().equals(method)).toList();
    }

    private static Result result(String part) {
        List<String> words = words(part);
        if (words.isEmpty()) {
            return null;
        }
        String first = words.get(0);
        int eq = first.indexOf('=');
        if (eq <= 0) {
            return null; // "none" (no results) or unreadable
        }
        String method = first.substring(0, eq).toLowerCase(Locale.ROOT);
        int slash = method.indexOf('/');
        method = slash < 0 ? method : method.substring(0, slash);
        String result = unquote(first.substring(eq + 1)).toLowerCase(Locale.ROOT);
        Map<String, String> properties = new LinkedHashMap<>();
        for (String word : words.subList(1, words.size())) {
            int e = word.indexOf('=');
            if (e > 0) {
                properties.putIfAbsent(word.substring(0, e).toLowerCase(Locale.ROOT), unquote(word.substring(e + 1)));
            }
        }
        return new Result(method.strip(), result.strip(), Map.copyOf(properties));
    }

    /** Words separated by white space, keeping quoted strings whole and {@code a = b} together as {@code a=b}. */
    private static List<String> words(String part) {
        String compact = part.replaceAll("\\s*=\\s*", "=");
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < compact.length(); i++) {
            char c = compact.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (!quoted && Character.isWhitespace(c)) {
                if (!word.isEmpty()) {
                    words.add(word.toString());
                    word.setLength(0);
                }
            }
            else {
                word.append(c);
            }
        }
        if (!word.isEmpty()) {
            words.add(word.toString());
        }
        return words;
    }

    /** Splits at {@code ;} outside quoted strings; always at least one part (the authserv-id). */
    private static List<String> split(String text) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && quoted && i + 1 < text.length()) {
                part.append(c).append(text.charAt(++i));
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ';' && !quoted) {
                parts.add(part.toString());
                part.setLength(0);
            }
            else {
                part.append(c);
            }
        }
        parts.add(part.toString());
        return parts;
    }

    /** Removes comments, which may nest and hold escaped characters; quoted strings are kept as they are. */
    static String withoutComments(String value) {
        StringBuilder out = new StringBuilder(value.length());
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length() && (quoted || depth > 0)) {
                if (depth == 0) {
                    out.append(c).append(value.charAt(i + 1));
                }
                i++;
                continue;
            }
            if (depth == 0 && c == '"') {
                quoted = !quoted;
            }
            if (!quoted && c == '(') {
                depth++;
                out.append(depth == 1 ? " " : "");
                continue;
            }
            if (!quoted && c == ')' && depth > 0) {
                depth--;
                continue;
            }
            if (depth == 0) {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String unquote(String s) {
        String t = s.strip();
        if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
            return t.substring(1, t.length() - 1).replaceAll("\\\\(.)", "$1");
        }
        return t;
    }
}
