package io.ticketflow.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Splits a body into what the sender wrote now, the quoted history and the signature. The full text is always kept
 * elsewhere; this only tells the parts apart.
 * <p>
 * Every line is classified (empty, delimiter, signature, attribution, header, quote, text); then the history starts at
 * the first attribution ("On … wrote:", "-----Original Message-----", "Begin forwarded message:") or the first block
 * of three mail-header lines (Outlook's "From:/Sent:/To:/Subject:") that follows written text — unless the quote after
 * it is answered inline, in which case nothing is history. A "-- " line starts the signature; "Sent from my iPhone"
 * style lines are signature too. Trailing quotes after written text are history.
 * Languages: English, German, French, Spanish, Dutch (plus Italian, Portuguese, Scandinavian, Polish, Russian
 * and Chinese attributions seen in real mail). Patterns are anchored and bounded, so no line can make them backtrack
 * for long (a crafted mail must not stall a worker: no regex denial of service).
 */
final class ReplySplitter {

    /** The three parts; newContent is empty only when the text is. */
    record Split(String newContent, String quotedHistory, String signature) {
    }

    private enum Kind {
        EMPTY, DELIMITER, SIGNATURE_START, SIGNATURE, ATTRIBUTION, HEADER, QUOTE, TEXT
    }

    private static final String PREFIX = "^[ \\t>*-]{0,12}";
    private static final List<Pattern> ATTRIBUTIONS = List.of(
            // On <date>, <someone> wrote: / At <date> you wrote:
            Pattern.compile(PREFIX + "(On|At) .{1,300}?\\b(wrote|writes|said|says)\\s*[:.>-]*\\s*$", Pattern.CASE_INSENSITIVE),
            // German: Am <date> schrieb <someone>: / Am <date> schrieben Sie: / <someone> schrieb am <date>:
            Pattern.compile(PREFIX + "Am .{1,300}?\\b(schrieb|schrieben|geschrieben)\\b.{0,200}:\\s*$", Pattern.CASE_INSENSITIVE),
            Pattern.compile("^.{1,200}\\bschrieb\\s+am\\b.{1,200}:\\s*$", Pattern.CASE_INSENSITIVE),
            Pattern.compile("^.{1,200}\\bwrote\\s+on\\b.{1,200}:\\s*$", Pattern.CASE_INSENSITIVE),
            // French: Le <date>, <someone> a écrit :
            Pattern.compile(PREFIX + "Le .{1,300}?\\b(a\\s+écrit|nous\\s+a\\s+dit)\\s*[:.>-]*\\s*$", Pattern.CASE_INSENSITIVE),
            // Spanish / Portuguese / Italian
            Pattern.compile(PREFIX + "El .{1,300}?\\bescribió\\s*[:.>-]*\\s*$", Pattern.CASE_INSENSITIVE),
            Pattern.compile(PREFIX + "Em .{1,300}?\\bescreveu\\s*[:.>-]*\\s*$", Pattern.CASE_INSENSITIVE),
            Pattern.compile(PREFIX + "Il .{1,300}?\\bha\\s+scritto\\s*[:.>-]*\\s*$", Pattern.CASE_INSENSITIVE),
            // Dutch: Op <date> schreef <someone>: / Op <date> heeft <someone> het volgende geschreven:
            Pattern.compile(PREFIX + "Op .{1,300}?\\b(schreef|geschreven)\\b.{0,200}[:.]?\\s*$", Pattern.CASE_INSENSITIVE),
            // Scandinavian, Polish, Russian, Ukrainian, Chinese
            Pattern.compile(PREFIX + "(Den|søn\\.|man\\.|tir\\.|ons\\.|tor\\.|fre\\.|lør\\.) .{1,300}?\\bskrev\\b.{0,200}:\\s*$", Pattern.CASE_INSENSITIVE),
            Pattern.compile("^.{0,300}\\b\\d{4}\\b.{0,300}(napisał(\\(a\\))?|написал|написала|пише)\\s*:\\s*$"),
            Pattern.compile("^[ \\t>]*在.{1,300}写道[:：]?\\s*$"),
            // <someone> via <list> wrote: / <someone> <addr> wrote:
            Pattern.compile("^.{1,200} via .{1,200}\\b(wrote|schrieb)\\s*:?\\s*$"),
            Pattern.compile("^.{0,200}\\b[\\w.+-]+@[\\w.-]+\\.\\w{2,}\\b.{0,200}\\bwrote\\s*:?\\s*$"),
            // 2016-03-03 17:21 GMT+01:00 Some One / <date> Some One <addr>:
            Pattern.compile("^[ \\t>]*20\\d\\d-\\d\\d-\\d\\d \\d{1,2}:\\d\\d GMT[+-]\\d\\d:\\d\\d .{1,200}$"),
            Pattern.compile("^.{0,80}\\b\\d{4}\\b.{1,120}<[^@<>\\s]+@[^@<>\\s]+\\.[^@<>\\s]+>\\s*:?\\s*$"),
            // forwarded and original-message separators
            Pattern.compile("^[ \\t>*]*Begin forwarded message\\s*:", Pattern.CASE_INSENSITIVE),
            Pattern.compile("^[ \\t>*]*Début du message (transféré|réexpédié)\\s*:", Pattern.CASE_INSENSITIVE),
            Pattern.compile("^[ \\t>*_]*-{2,}[ \\t]*(Forwarded|Original|Reply) Message[ \\t]*-{2,}", Pattern.CASE_INSENSITIVE),
            Pattern.compile("^[ \\t>*_]*-{2,}[ \\t]*(Ursprüngliche Nachricht|Weitergeleitete Nachricht|Originalnachricht|Message d'origine|Message transféré|Mensaje original|Mensaje reenviado|Oorspronkelijk bericht|Doorgestuurd bericht|Messaggio originale|原始邮件)[ \\t]*-{2,}",
                    Pattern.CASE_INSENSITIVE),
            Pattern.compile("^[ \\t>]*Posted by .{1,200} on \\d{2}/\\d{2}/\\d{4}$", Pattern.CASE_INSENSITIVE));

    private static final Pattern HEADER_WITH_DATE = Pattern.compile(
            "^[ \\t*>]*(Sent|Date|Datum|Gesendet|Envoyé|Enviado|Enviada em|Fecha|Data|Verzonden|Sendt|Skickat|发送时间)[ \\t*]*:.*\\d",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern HEADER_WITH_TEXT = Pattern.compile(
            "^[ \\t*>]*(From|To|Cc|Reply-To|Subject|Von|An|Betreff|De|Expéditeur|À|A|Destinataire|Répondre à|Objet|Para|Asunto|Assunto|Van|Aan|Onderwerp|Da|Oggetto|Fra|Til|Emne|Från|Till|Ämne|发件人|收件人|主题)[ \\t*]*:.*\\w",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern DELIMITER = Pattern.compile("^[ \\t]*[-_,=+~#*ᐧ—]+[ \\t]*$");
    private static final Pattern SIGNATURE_SEPARATOR = Pattern.compile("^-- ?$");
    private static final List<Pattern> DEVICE_SIGNATURES = List.of(
            Pattern.compile("^[ \\t]*[(<]*Sent (from|via|with|by) .{1,200}", Pattern.CASE_INSENSITIVE),
            Pattern.compile("^[ \\t]*\\w+ from mobile", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CHARACTER_CLASS),
            Pattern.compile("^[ \\t]*From my .{1,20}$", Pattern.CASE_INSENSITIVE),
            Pattern.compile("^[ \\t]*Get (\\[)?Outlook for ", Pattern.CASE_INSENSITIVE),
            Pattern.compile("^[ \\t]*Envoyé (depuis|de) (mon|ma|Yahoo Mail)", Pattern.CASE_INSENSITIVE),
            Pattern.compile("^[ \\t]*Von meinem .{1,100} gesendet", Pattern.CASE_INSENSITIVE),
            Pattern.compile("^[ \\t]*Diese Nachricht wurde von .{1,200} gesendet", Pattern.CASE_INSENSITIVE),
            Pattern.compile("^[ \\t]*(Enviado desde mi|Enviado do meu|Inviato da|Sendt fra min|Verzonden met|Verstuurd vanaf mijn|från min) ",
                    Pattern.CASE_INSENSITIVE),
            Pattern.compile("^[ \\t]*從我的 iPhone 傳送"));
    /** How a wrapped attribution can begin: a first line of written text never starts a joined attribution. */
    private static final Pattern ATTRIBUTION_START = Pattern.compile(
            "^[ \\t>*-]*(On|At|Am|Le|El|Em|Il|Op|Den|Dnia|In message|在)\\s|^[^.!?]{0,40}\\b(19|20)\\d\\d\\b");
    private static final Pattern MARKDOWN_LINK = Pattern.compile("\\[([^\\]]{1,200})\\]\\([^)]{1,500}\\)");

    private ReplySplitter() {
    }

    static String newContent(String text) {
        return split(text).newContent();
    }

    static Split split(String text) {
        if (text == null || text.isBlank()) {
            return new Split("", "", "");
        }
        // no-break spaces (French typography: "a écrit :") count as spaces for the patterns
        List<String> lines = List.of(text.replace("\r\n", "\n").replace('\r', '\n').replace('\u00A0', ' ')
                .replace('\u202F', ' ').split("\n", -1));
        Kind[] kinds = classify(lines);
        int cut = historyStart(kinds);
        int start = bottomPostStart(kinds);
        List<String> kept = new ArrayList<>();
        List<Kind> keptKinds = new ArrayList<>();
        StringBuilder signature = new StringBuilder();
        boolean inSignature = false;
        StringBuilder history = new StringBuilder();
        for (int i = 0; i < start; i++) {
            history.append(lines.get(i)).append('\n');
        }
        for (int i = start; i < cut; i++) {
            Kind kind = kinds[i];
            if (kind == Kind.SIGNATURE_START && kept.stream().anyMatch(l -> !l.isBlank())) {
                inSignature = true;
            }
            if (inSignature || kind == Kind.SIGNATURE) {
                signature.append(lines.get(i)).append('\n');
                continue;
            }
            if (kind == Kind.DELIMITER || kind == Kind.SIGNATURE_START || kind == Kind.ATTRIBUTION || kind == Kind.HEADER) {
                continue; // separators and stray markers are no content
            }
            kept.add(lines.get(i));
            keptKinds.add(kind);
        }
        if (keptKinds.contains(Kind.TEXT)) {
            // trailing quotes after written text are history
            int end = kept.size();
            while (end > 0 && (keptKinds.get(end - 1) == Kind.QUOTE || keptKinds.get(end - 1) == Kind.EMPTY)) {
                end--;
            }
            for (int i = end; i < kept.size(); i++) {
                history.append(kept.get(i)).append('\n');
            }
            kept = kept.subList(0, end);
        }
        for (int i = cut; i < lines.size(); i++) {
            history.append(lines.get(i)).append('\n');
        }
        return new Split(String.join("\n", kept).strip(), history.toString().strip(), signature.toString().strip());
    }

    private static Kind[] classify(List<String> lines) {
        Kind[] kinds = new Kind[lines.size()];
        for (int i = 0; i < lines.size(); i++) {
            kinds[i] = kind(lines.get(i));
        }
        // attributions wrapped over up to three lines ("On Mon, … Jeff <info@…>\nwrote:")
        for (int i = 0; i < lines.size(); i++) {
            String first = lines.get(i).strip();
            if (kinds[i] != Kind.TEXT && kinds[i] != Kind.QUOTE || first.endsWith("!") || first.endsWith("?")
                    || first.endsWith(":") && !ATTRIBUTION_START.matcher(first).find()) {
                continue;
            }
            StringBuilder joined = new StringBuilder(lines.get(i));
            for (int j = i + 1; j < Math.min(lines.size(), i + 3); j++) {
                if (lines.get(j).isBlank()) {
                    break;
                }
                joined.append(' ').append(lines.get(j).replaceFirst("^[\\s>-]+", ""));
                if (joined.length() < 600 && isAttribution(joined.toString())) {
                    for (int k = i; k <= j; k++) {
                        kinds[k] = Kind.ATTRIBUTION;
                    }
                    break;
                }
            }
        }
        // Outlook header blocks with wrapped values: From:/Sent:/…/Subject: with other lines in between
        int firstHeader = -1;
        for (int i = 0; i < kinds.length; i++) {
            if (kinds[i] == Kind.HEADER) {
                if (firstHeader >= 0 && i - firstHeader <= 8) {
                    for (int k = firstHeader; k < i; k++) {
                        if (kinds[k] == Kind.TEXT || kinds[k] == Kind.EMPTY) {
                            kinds[k] = Kind.HEADER;
                        }
                    }
                }
                firstHeader = i;
            }
            else if (kinds[i] == Kind.EMPTY && firstHeader >= 0 && i > 0 && kinds[i - 1] == Kind.EMPTY) {
                firstHeader = -1;
            }
        }
        return kinds;
    }

    private static Kind kind(String line) {
        if (line.isBlank()) {
            return Kind.EMPTY;
        }
        if (SIGNATURE_SEPARATOR.matcher(line).matches()) {
            return Kind.SIGNATURE_START;
        }
        if (DELIMITER.matcher(line).matches()) {
            return Kind.DELIMITER;
        }
        if (line.length() < 1000) {
            String unlinked = MARKDOWN_LINK.matcher(line).replaceAll("$1");
            for (Pattern p : DEVICE_SIGNATURES) {
                if (p.matcher(unlinked).find()) {
                    return Kind.SIGNATURE;
                }
            }
            if (isAttribution(line)) {
                return Kind.ATTRIBUTION;
            }
            if (HEADER_WITH_DATE.matcher(line).find() || HEADER_WITH_TEXT.matcher(line).find()) {
                return Kind.HEADER;
            }
        }
        return line.stripLeading().startsWith(">") ? Kind.QUOTE : Kind.TEXT;
    }

    private static boolean isAttribution(String line) {
        for (Pattern p : ATTRIBUTIONS) {
            if (p.matcher(line).find()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Index of the first history line, or the line count when there is none: the first attribution after text (unless
     * it is answered inline), else the first block of three or more header lines after text.
     */
    private static int historyStart(Kind[] kinds) {
        boolean text = false;
        for (int i = 0; i < kinds.length; i++) {
            if (kinds[i] == Kind.TEXT) {
                text = true;
            }
            else if (kinds[i] == Kind.ATTRIBUTION && text && !answeredInline(kinds, i)) {
                return i;
            }
            else if (kinds[i] == Kind.HEADER && text && headerRun(kinds, i) >= 3) {
                return i;
            }
        }
        return kinds.length;
    }

    /** After the attribution: a quote, then text, then quote again = the sender answers between the quoted lines. */
    private static boolean answeredInline(Kind[] kinds, int attribution) {
        int i = attribution + 1;
        while (i < kinds.length && kinds[i] == Kind.ATTRIBUTION) {
            i++;
        }
        boolean quote = false;
        boolean textAfterQuote = false;
        for (; i < kinds.length; i++) {
            if (kinds[i] == Kind.QUOTE) {
                if (textAfterQuote) {
                    return true;
                }
                quote = true;
            }
            else if (kinds[i] == Kind.TEXT && quote) {
                textAfterQuote = true;
            }
            else if (kinds[i] == Kind.TEXT) {
                return false; // unquoted history (Outlook style): not inline
            }
        }
        return false;
    }

    /**
     * A reply written below the quote (bottom posting): the message starts with an attribution and its quote, and the
     * sender's text follows. The new content then starts after the quote; 0 when the message does not start so.
     */
    private static int bottomPostStart(Kind[] kinds) {
        int i = 0;
        while (i < kinds.length && kinds[i] == Kind.EMPTY) {
            i++;
        }
        if (i >= kinds.length || kinds[i] != Kind.ATTRIBUTION) {
            return 0;
        }
        while (i < kinds.length && (kinds[i] == Kind.ATTRIBUTION || kinds[i] == Kind.QUOTE || kinds[i] == Kind.EMPTY)) {
            i++;
        }
        return i < kinds.length && kinds[i] == Kind.TEXT ? i : 0;
    }

    private static int headerRun(Kind[] kinds, int start) {
        int count = 0;
        for (int i = start; i < kinds.length && (kinds[i] == Kind.HEADER || kinds[i] == Kind.EMPTY && count == 0); i++) {
            if (kinds[i] == Kind.HEADER) {
                count++;
            }
        }
        return count;
    }
}
