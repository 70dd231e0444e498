package org.ruot4j.data;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.ruot4j.RuotException;

/** Strict parsing of one table cell as a finite number, with messages that name the place of the cell. */
final class Cells {
    private Cells() {
    }

    // Plain decimal notation only: Double.parseDouble would also accept "1d", "0x1p3" and "Infinity".
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Set<String> MISSING = Set.of("nan", "-nan", "+nan", "na", "n/a", "null", "none", "nil");
    private static final Set<String> INFINITE = Set.of("inf", "+inf", "-inf", "infinity", "+infinity", "-infinity");

    /**
     * The finite number in {@code cell}; otherwise a {@link RuotException} "{where}: …" saying whether the cell is
     * empty, a missing value (NaN), infinite or not a number.
     */
    static double parse(String cell, String where) {
        String s = cell.strip();
        if (s.isEmpty()) {
            throw new RuotException(where + ": empty cell, expected a number (missing values must be removed or "
                    + "imputed)");
        }
        if (DECIMAL.matcher(s).matches()) {
            double v = Double.parseDouble(s);
            if (Double.isInfinite(v)) {
                throw new RuotException(where + ": '" + s + "' overflows to infinity, expected a finite number");
            }
            return v;
        }
        String lower = s.toLowerCase(Locale.ROOT);
        if (MISSING.contains(lower)) {
            throw new RuotException(where + ": value is NaN ('" + s + "'), expected a finite number (missing values "
                    + "must be removed or imputed)");
        }
        if (INFINITE.contains(lower)) {
            throw new RuotException(where + ": value is infinite ('" + s + "'), expected a finite number");
        }
        throw new RuotException(where + ": '" + abbreviate(s) + "' is not a number");
    }

    /** True when {@link #parse} decides {@code cell} by itself: empty, a plain decimal, a missing or infinite value. */
    static boolean isNumberLike(String cell) {
        String s = cell.strip();
        String lower = s.toLowerCase(Locale.ROOT);
        return s.isEmpty() || DECIMAL.matcher(s).matches() || MISSING.contains(lower) || INFINITE.contains(lower);
    }

    /** Checks that a value read from a binary file is finite. */
    static double finite(double v, String where) {
        if (Double.isNaN(v)) {
            throw new RuotException(where + ": value is NaN, expected a finite number (missing values must be removed "
                    + "or imputed)");
        }
        if (Double.isInfinite(v)) {
            throw new RuotException(where + ": value is " + v + ", expected a finite number");
        }
        return v;
    }

    static String abbreviate(String s) {
        String p = printable(s);
        return p.length() <= 40 ? p : p.substring(0, 37) + "...";
    }

    /** {@code s} with control characters (line breaks included) as \\uXXXX, so a message stays one line. */
    static String printable(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** "a, b, c" or, for long lists, the first 20 and a count. */
    static String listNames(List<String> names) {
        List<String> shown = new java.util.ArrayList<>();
        for (String n : names.subList(0, Math.min(20, names.size()))) {
            shown.add(abbreviate(n));
        }
        if (names.size() <= 20) {
            return String.join(", ", shown);
        }
        return String.join(", ", shown) + ", … (" + names.size() + " in all)";
    }
}
