package io.ticketflow.classify;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns message text into the tokens the classifiers see. Values that differ in every ticket (amounts, dates, order and
 * invoice numbers, addresses, links) become placeholder tokens, so "refund of €49.90 for order #A-1234" teaches the
 * model about refunds and orders rather than about one amount and one order.
 */
public final class TextNormalizer {

    /** Placeholder tokens; they start with '_' so no real word collides with them. */
    public static final String URL = "_url", EMAIL = "_email", AMOUNT = "_amount", DATE = "_date", TIME = "_time",
            ORDER = "_orderid", INVOICE = "_invoiceid", NUMBER = "_num", PERCENT = "_percent";

    private static final int MAX_CHARS = 4000;

    // order matters: the specific shapes first, bare numbers last
    private static final List<Replacement> REPLACEMENTS = List.of(
            new Replacement("(?:https?://|www\\.)\\S+", URL),
            new Replacement("[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+", EMAIL),
            new Replacement("\\b(invoice|inv|rechnung|facture|factura|fattura)\\s*(?:no\\.?|nr\\.?|n[°º]|number|#)?\\s*[:#]?\\s*"
                    + "[a-z]{0,4}[-/]?\\d[\\w/-]*", "$1 " + INVOICE),
            new Replacement("\\bINV[-/]?\\d[\\w/-]*", INVOICE),
            new Replacement("\\b(order|bestellung|commande|pedido|ordine)\\s*(?:no\\.?|nr\\.?|n[°º]|number|#)?\\s*[:#]?\\s*"
                    + "[a-z]{0,4}[-/]?\\d[\\w/-]*", "$1 " + ORDER),
            new Replacement("(?:#|\\b(?:ORD|PO|SO)[-/]?)\\d[\\w/-]{2,}", ORDER),
            new Replacement("\\b\\d{4}-\\d{1,2}-\\d{1,2}\\b|\\b\\d{1,2}[./-]\\d{1,2}[./-]\\d{2,4}\\b", DATE),
            new Replacement("\\b\\d{1,2}(?:\\.|\\s)?\\s*(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?(?:\\s+\\d{4})?\\b", DATE),
            new Replacement("\\b\\d{1,2}:\\d{2}(?::\\d{2})?\\s*(?:am|pm)?\\b", TIME),
            new Replacement("(?:[$€£¥]|\\b(?:usd|eur|gbp|chf)\\b)\\s?\\d[\\d,.' ]*\\d?|\\b\\d[\\d,.']*\\s?(?:[$€£¥]|(?:usd|eur|gbp|chf|euros?|dollars?)\\b)", AMOUNT),
            new Replacement("\\b\\d+(?:[.,]\\d+)?\\s?%", PERCENT),
            new Replacement("\\b\\d[\\d,.]*\\b", NUMBER));

    private static final Pattern TOKEN = Pattern.compile("_[a-z]+|[\\p{L}\\p{M}]+(?:['’][\\p{L}]+)?|\\p{N}+|[?!€$£]");

    private TextNormalizer() {
    }

    /** Lower-cased, placeholder-substituted text. */
    public static String normalize(String text) {
        if (text == null) {
            return "";
        }
        String s = text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
        s = Normalizer.normalize(s, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
        for (Replacement r : REPLACEMENTS) {
            s = r.apply(s);
        }
        return s;
    }

    /** The tokens of the normalized text. */
    public static String[] tokens(String text) {
        Matcher m = TOKEN.matcher(normalize(text));
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group());
        }
        return out.toArray(String[]::new);
    }

    private record Replacement(Pattern pattern, String placeholder) {
        Replacement(String regex, String placeholder) {
            this(Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE), placeholder);
        }

        String apply(String s) {
            // placeholders may keep a captured keyword ($1: "bestellung _orderid")
            return pattern.matcher(s).replaceAll(" " + placeholder + " ");
        }
    }
}
