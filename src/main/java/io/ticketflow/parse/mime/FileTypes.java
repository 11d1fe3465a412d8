package io.ticketflow.parse.mime;

import java.util.Locale;

/** A content type from a file name, for files that come without one (uuencode, TNEF). */
final class FileTypes {

    private FileTypes() {
    }

    static String guess(String name) {
        if (name == null) {
            return "application/octet-stream";
        }
        String type = java.net.URLConnection.guessContentTypeFromName(name.toLowerCase(Locale.ROOT));
        if (type != null) {
            return type;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".pdf")) {
            return "application/pdf";
        }
        if (lower.endsWith(".rtf")) {
            return "application/rtf";
        }
        if (lower.endsWith(".doc") || lower.endsWith(".docx") || lower.endsWith(".xls") || lower.endsWith(".xlsx")) {
            return "application/octet-stream";
        }
        return "application/octet-stream";
    }
}
