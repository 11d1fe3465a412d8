package io.ticketflow.parse.mime;

/**
 * Undoes RFC 3676 format=flowed: a line ending in a space continues on the next line of the same quote depth;
 * space-stuffing is removed; with DelSp=yes the trailing space is the soft break itself and goes too. The
 * signature separator "-- " is never joined.
 */
final class FlowedText {

    private FlowedText() {
    }

    static String unflow(String text, boolean delSp) {
        String[] lines = text.split("\r?\n", -1);
        StringBuilder out = new StringBuilder(text.length());
        StringBuilder paragraph = null;
        int paragraphDepth = 0;
        for (String raw : lines) {
            int depth = 0;
            while (depth < raw.length() && raw.charAt(depth) == '>') {
                depth++;
            }
            String line = raw.substring(depth);
            if (line.startsWith(" ")) {
                line = line.substring(1); // space-stuffing
            }
            boolean flowed = line.endsWith(" ") && !line.equals("-- ");
            if (paragraph != null && depth != paragraphDepth) {
                out.append(paragraph).append('\n'); // quote depth changed: the flowed run ends here
                paragraph = null;
            }
            if (paragraph == null) {
                paragraph = new StringBuilder(depth > 0 ? ">".repeat(depth) + " " : "");
                paragraphDepth = depth;
            }
            paragraph.append(flowed && delSp ? line.substring(0, line.length() - 1) : line);
            if (!flowed) {
                out.append(paragraph).append('\n');
                paragraph = null;
            }
        }
        if (paragraph != null) {
            out.append(paragraph).append('\n');
        }
        out.setLength(Math.max(0, out.length() - 1));
        return out.toString();
    }
}
