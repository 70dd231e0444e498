package org.ruot4j.notebooks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * What notebook 01 printed about its fit, read from the executed notebook: the lines
 * {@code per-fate growth sign: A B} (the fraction of the t = 4 cells of each fate whose learned g has the true
 * sign, FateGrowthCheck) and {@code ODE TMV: T1 T2 …} (the ODE mass error at t1 … tK).
 */
record QuickstartFit(double[] perFateSign, double[] odeTmv) {
    static final String SIGN_LINE = "per-fate growth sign:";
    static final String TMV_LINE = "ODE TMV:";
    /** Issue 14: both fates' growth sign right at ≥ 85% of their cells, and the mass within 0.05 at every time. */
    static final double MIN_SIGN = 0.85;
    static final double MAX_TMV = 0.05;

    static QuickstartFit read(Path executed) throws IOException {
        com.google.gson.JsonObject nb = com.google.gson.JsonParser.parseString(Files.readString(executed))
                .getAsJsonObject();
        double[] sign = null;
        double[] tmv = null;
        for (com.google.gson.JsonElement c : nb.getAsJsonArray("cells")) {
            com.google.gson.JsonObject cell = c.getAsJsonObject();
            if (!cell.has("outputs")) {
                continue;
            }
            for (com.google.gson.JsonElement o : cell.getAsJsonArray("outputs")) {
                com.google.gson.JsonObject out = o.getAsJsonObject();
                if (!out.has("text")) {
                    continue;
                }
                for (String line : text(out.get("text")).split("\n")) {
                    String l = line.strip();
                    if (l.startsWith(SIGN_LINE)) {
                        sign = numbers(l.substring(SIGN_LINE.length()), l);
                    } else if (l.startsWith(TMV_LINE)) {
                        tmv = numbers(l.substring(TMV_LINE.length()), l);
                    }
                }
            }
        }
        if (sign == null || tmv == null) {
            throw new AssertionError(executed.getFileName() + ": no '" + (sign == null ? SIGN_LINE : TMV_LINE)
                    + "' line in the outputs");
        }
        return new QuickstartFit(sign, tmv);
    }

    /** A notebook's multiline field (nbformat): one string, or a list of strings to join. */
    static String text(com.google.gson.JsonElement field) {
        if (!field.isJsonArray()) {
            return field.getAsString();
        }
        StringBuilder joined = new StringBuilder();
        field.getAsJsonArray().forEach(x -> joined.append(x.getAsString()));
        return joined.toString();
    }

    private static double[] numbers(String rest, String line) {
        try {
            double[] v = Arrays.stream(rest.trim().split("\\s+")).mapToDouble(Double::parseDouble).toArray();
            if (v.length == 0) {
                throw new AssertionError("no numbers in '" + line + "'");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new AssertionError("cannot read the numbers of '" + line + "': " + e.getMessage());
        }
    }

    /** Fails naming every value that misses its bound. */
    void assertMeetsIssue14() {
        StringBuilder bad = new StringBuilder();
        for (int f = 0; f < perFateSign.length; f++) {
            if (!(perFateSign[f] >= MIN_SIGN)) {
                bad.append(String.format(Locale.ROOT, " fate %d growth sign %.3f < %.2f;", f + 1, perFateSign[f], MIN_SIGN));
            }
        }
        for (int k = 0; k < odeTmv.length; k++) {
            if (!(odeTmv[k] <= MAX_TMV)) {
                bad.append(String.format(Locale.ROOT, " ODE TMV at t%d %.4f > %.2f;", k + 1, odeTmv[k], MAX_TMV));
            }
        }
        assertTrue(perFateSign.length >= 2, "expected the two fates of the toggle switch, got " + perFateSign.length);
        assertTrue(bad.length() == 0, "notebook 01's quick fit (" + this + "):" + bad);
    }

    @Override
    public String toString() {
        return SIGN_LINE + " " + Arrays.toString(perFateSign) + ", " + TMV_LINE + " " + Arrays.toString(odeTmv);
    }
}
