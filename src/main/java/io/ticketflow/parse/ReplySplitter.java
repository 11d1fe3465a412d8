package io.ticketflow.parse;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Finds where the text the sender wrote now ends and quoted history or the signature begins. The full text is always
 * kept elsewhere; this only marks the new part.
 */
final class ReplySplitter {

    private static final List<Pattern> BOUNDARIES = List.of(
            Pattern.compile("^On .{1,200}wrote:\\s*$"),
            Pattern.compile("^Am .{1,200}schrieb.{0,100}:\\s*$"),
            Pattern.compile("^Le .{1,200}a écrit\\s*:\\s*$"),
            Pattern.compile("^El .{1,200}escribió:\\s*$"),
            Pattern.compile("^Op .{1,200}schreef.{0,100}:\\s*$"),
            Pattern.compile("^-{2,}\\s*(Original Message|Ursprüngliche Nachricht|Message d'origine|Mensaje original|Oorspronkelijk bericht)\\s*-{2,}\\s*$",
                    Pattern.CASE_INSENSITIVE),
            Pattern.compile("^(From|Von|De|Van): .+$"),
            Pattern.compile("^-- ?$"),
            Pattern.compile("^>"));

    private ReplySplitter() {
    }

    static String newContent(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        String[] lines = text.split("\\r?\\n", -1);
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            if (isBoundary(line)) {
                break;
            }
            out.append(line).append('\n');
        }
        String result = out.toString().strip();
        return result.isEmpty() ? text.strip() : result;
    }

    private static boolean isBoundary(String line) {
        for (Pattern p : BOUNDARIES) {
            if (p.matcher(line).find()) {
                return true;
            }
        }
        return false;
    }
}
