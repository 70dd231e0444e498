package org.ruot4j.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ruot4j.RuotException;

/**
 * Cuts a cell into what runs in order: Java code, line magics ({@code %name args} on a line of their own) and
 * at most one cell magic ({@code %%name args} on the first line, the rest of the cell its body).
 *
 * <p>A line is a magic when it starts (after indentation) with {@code %} directly followed by a letter; no
 * Java statement can start that way, so code and magics mix freely in one cell.
 */
final class CellParser {
    private static final Pattern LINE_MAGIC = Pattern.compile("^\\s*%([A-Za-z][\\w.-]*)(.*)$");
    private static final Pattern CELL_MAGIC = Pattern.compile("^\\s*%%([A-Za-z][\\w.-]*)(.*)$");

    private CellParser() {
    }

    /** A piece of a cell. */
    sealed interface Part permits JavaCode, LineMagic, CellMagic {
    }

    /** Java source starting at 1-based cell line {@code firstLine}. */
    record JavaCode(String code, int firstLine) implements Part {
    }

    /** {@code %name args}: {@code rest} is the text after the name, {@code args} its words. */
    record LineMagic(String name, String rest, List<String> args, int line) implements Part {
    }

    /** {@code %%name args} and the lines below it. */
    record CellMagic(String name, String rest, List<String> args, String body) implements Part {
    }

    static List<Part> parse(String cell) {
        List<Part> parts = new ArrayList<>();
        String[] lines = cell.split("\n", -1);
        int first = 0;
        while (first < lines.length && lines[first].isBlank()) {
            first++;
        }
        if (first < lines.length) {
            Matcher m = CELL_MAGIC.matcher(lines[first]);
            if (m.matches()) {
                StringBuilder body = new StringBuilder();
                for (int i = first + 1; i < lines.length; i++) {
                    body.append(lines[i]);
                    if (i < lines.length - 1) {
                        body.append('\n');
                    }
                }
                String rest = m.group(2).strip();
                parts.add(new CellMagic(m.group(1), rest, words(rest), body.toString()));
                return parts;
            }
        }
        StringBuilder java = new StringBuilder();
        int javaStart = -1;
        for (int i = 0; i < lines.length; i++) {
            Matcher m = LINE_MAGIC.matcher(lines[i]);
            if (m.matches() && !lines[i].stripLeading().startsWith("%%")) {
                flush(parts, java, javaStart);
                javaStart = -1;
                String rest = m.group(2).strip();
                parts.add(new LineMagic(m.group(1), rest, words(rest), i + 1));
            } else if (lines[i].stripLeading().startsWith("%%")) {
                throw new RuotException("cell line " + (i + 1) + ": a cell magic (%%" + lines[i].strip().substring(2)
                        + ") must be on the first line of its cell");
            } else {
                if (javaStart < 0) {
                    javaStart = i + 1;
                }
                java.append(lines[i]).append('\n');
            }
        }
        flush(parts, java, javaStart);
        return parts;
    }

    private static void flush(List<Part> parts, StringBuilder java, int start) {
        if (java.length() > 0 && !java.toString().isBlank()) {
            parts.add(new JavaCode(java.toString(), start));
        }
        java.setLength(0);
    }

    /**
     * Splits magic arguments into words: whitespace separates, single or double quotes group (and are
     * removed), a backslash escapes the next character outside single quotes.
     */
    static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < s.length()) {
                    w.append(s.charAt(++i));
                } else {
                    w.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < s.length()) {
                w.append(s.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    out.add(w.toString());
                    w.setLength(0);
                    inWord = false;
                }
            } else {
                w.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new RuotException("magic arguments: unclosed " + quote + " quote in: " + s);
        }
        if (inWord) {
            out.add(w.toString());
        }
        return out;
    }
}
