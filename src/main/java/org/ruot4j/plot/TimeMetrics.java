package org.ruot4j.plot;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ruot4j.RuotException;

/**
 * Distances between predicted and observed populations per time, for the ODE and (optionally) the SDE
 * predictions: {@code ode.get("w1")[k]} is W1 at {@code times[k]}. Metric names are "w1", "w2" and "tmv" as in
 * metrics.json (DESIGN.md §5.2); NaN marks a missing value (t0, or a time not evaluated). {@code sde} may be
 * empty.
 */
public record TimeMetrics(double[] times, Map<String, double[]> ode, Map<String, double[]> sde) {
    public TimeMetrics {
        times = times.clone();
        ode = checked(ode, times.length, "ode");
        sde = sde == null ? Map.of() : checked(sde, times.length, "sde");
        if (ode.isEmpty() && sde.isEmpty()) {
            throw new RuotException("metrics: no values for ode or sde");
        }
    }

    private static Map<String, double[]> checked(Map<String, double[]> m, int n, String mode) {
        LinkedHashMap<String, double[]> c = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : m.entrySet()) {
            if (e.getValue().length != n) {
                throw new RuotException("metrics: " + mode + "." + e.getKey() + " has " + e.getValue().length
                        + " values, expected one per time (" + n + ")");
            }
            c.put(e.getKey(), e.getValue().clone());
        }
        return Collections.unmodifiableMap(c);
    }

    /** Reads metrics.json (DESIGN.md §5.2); null entries become NaN. */
    public static TimeMetrics readJson(Path file) {
        JsonObject root;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            JsonElement e = JsonParser.parseReader(r);
            if (!e.isJsonObject()) {
                throw new RuotException(file + ": expected a JSON object with 'times' and 'ode'");
            }
            root = e.getAsJsonObject();
        } catch (IOException e) {
            throw new RuotException(file + ": cannot read metrics (" + e.getMessage() + ")", e);
        } catch (com.google.gson.JsonParseException e) {
            throw new RuotException(file + ": not valid JSON (" + e.getMessage() + ")", e);
        }
        if (!root.has("times") || !root.get("times").isJsonArray()) {
            throw new RuotException(file + ": field 'times' missing or not an array");
        }
        double[] times = numbers(root.get("times"), file, "times");
        return new TimeMetrics(times, mode(root, "ode", file), mode(root, "sde", file));
    }

    private static Map<String, double[]> mode(JsonObject root, String mode, Path file) {
        LinkedHashMap<String, double[]> m = new LinkedHashMap<>();
        if (!root.has(mode) || root.get(mode).isJsonNull()) {
            return m;
        }
        if (!root.get(mode).isJsonObject()) {
            throw new RuotException(file + ": field '" + mode + "' must be an object of metric arrays");
        }
        for (Map.Entry<String, JsonElement> e : root.getAsJsonObject(mode).entrySet()) {
            m.put(e.getKey(), numbers(e.getValue(), file, mode + "." + e.getKey()));
        }
        return m;
    }

    private static double[] numbers(JsonElement e, Path file, String field) {
        if (!e.isJsonArray()) {
            throw new RuotException(file + ": field '" + field + "' must be an array");
        }
        var a = e.getAsJsonArray();
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            JsonElement x = a.get(i);
            if (x.isJsonNull()) {
                v[i] = Double.NaN;
            } else if (x.isJsonPrimitive() && x.getAsJsonPrimitive().isNumber()) {
                v[i] = x.getAsDouble();
            } else {
                throw new RuotException(file + ": field '" + field + "' entry " + i + " is " + x
                        + ", expected a number or null");
            }
        }
        return v;
    }
}
