package io.ticketflow.route;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;

/**
 * The order number and the amount of a refund request, read from its subject and text. RE2/J matches in linear time
 * whatever the text, the patterns have bounded repetitions only, and at most the first {@value #MAX_CHARS} characters
 * are read: a customer's mail cannot make this slow. Either part is null when the text does not say it.
 *
 * @param currency ISO 4217 code ({@code EUR}), from a code or a symbol next to the amount
 */
public record RefundDetails(String order, BigDecimal amount, String currency) {

    static final int MAX_CHARS = 20_000;

    /** "order #A-1234", "Order number: 123456", "Bestellnummer 4711", "commande n° 889", "pedido 77". */
    private static final Pattern ORDER = Pattern.compile("(?i)\\b(?:order|bestell(?:ung)?|auftrag|commande|pedido)"
            + "(?:[ \\t]{0,3}(?:no\\.?|nr\\.?|n°|number|nummer|num[ée]ro|id|#))?[ \\t]{0,3}[:#]?[ \\t]{0,3}"
            + "([A-Z0-9][A-Z0-9-]{1,29})\\b");
    /** A number with optional grouping and decimals: 49, 49.90, 49,90, 1.234,56, 1,234.56. */
    private static final String NUMBER = "(\\d{1,12}(?:[.,]\\d{1,3}){0,4})";
    private static final String CODE = "(EUR|USD|GBP|CHF|SEK|NOK|DKK|PLN|CZK|€|\\$|£)";
    private static final Pattern AMOUNT_AFTER = Pattern.compile("(?i)" + CODE + "[ \\t]{0,2}" + NUMBER);
    private static final Pattern AMOUNT_BEFORE = Pattern.compile("(?i)" + NUMBER + "[ \\t]{0,2}" + CODE + "(?:\\b|$|\\W)");
    private static final Map<String, String> SYMBOLS = Map.of("€", "EUR", "$", "USD", "£", "GBP");

    public static RefundDetails extract(String subject, String text) {
        String all = ((subject == null ? "" : subject) + "\n" + (text == null ? "" : text));
        String t = all.length() > MAX_CHARS ? all.substring(0, MAX_CHARS) : all;
        String[] amount = amount(t);
        return new RefundDetails(order(t), amount[0] == null ? null : new BigDecimal(amount[0]), amount[1]);
    }

    public boolean isEmpty() {
        return order == null && amount == null;
    }

    private static String order(String text) {
        Matcher m = ORDER.matcher(text);
        while (m.find()) {
            String id = m.group(1).toUpperCase(Locale.ROOT);
            if (id.chars().anyMatch(Character::isDigit)) {
                return id;
            }
        }
        return null;
    }

    /** {amount as a plain decimal, currency code}: the first amount with a currency next to it. */
    private static String[] amount(String text) {
        Matcher after = AMOUNT_AFTER.matcher(text);
        Matcher before = AMOUNT_BEFORE.matcher(text);
        int a = after.find() ? after.start() : Integer.MAX_VALUE;
        int b = before.find() ? before.start() : Integer.MAX_VALUE;
        if (a == Integer.MAX_VALUE && b == Integer.MAX_VALUE) {
            return new String[2];
        }
        String number = a <= b ? after.group(2) : before.group(1);
        String code = (a <= b ? after.group(1) : before.group(2)).toUpperCase(Locale.ROOT);
        String plain = plain(number);
        return plain == null ? new String[2] : new String[] { plain, SYMBOLS.getOrDefault(code, code) };
    }

    /** 1.234,56 and 1,234.56 → 1234.56; a last separator before one or two digits is the decimal one. */
    static String plain(String number) {
        int last = Math.max(number.lastIndexOf('.'), number.lastIndexOf(','));
        String plain;
        if (last >= 0 && number.length() - last - 1 <= 2) {
            plain = number.substring(0, last).replaceAll("[.,]", "") + "." + number.substring(last + 1);
        }
        else {
            plain = number.replaceAll("[.,]", "");
        }
        return plain.isEmpty() || plain.length() > 15 ? null : plain;
    }
}
