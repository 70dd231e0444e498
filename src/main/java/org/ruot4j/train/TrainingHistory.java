package org.ruot4j.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.ruot4j.RuotException;

/**
 * Per-epoch loss terms of the training stages: one row per epoch and stage with every term by name (summed
 * over the intervals of that epoch; score rows hold the mean over a block of iterations). Written as
 * {@code history.csv}: columns {@code stage,epoch,seconds,<term>…}, empty where a stage has no such term.
 */
public final class TrainingHistory {

    /** One epoch of one stage. */
    public record Row(String stage, int epoch, double seconds, Map<String, Double> losses) {
        public Row {
            losses = Collections.unmodifiableMap(new LinkedHashMap<>(losses));
        }

        public double get(String term) {
            Double v = losses.get(term);
            return v == null ? Double.NaN : v;
        }
    }

    private final List<Row> rows = new ArrayList<>();

    public synchronized void add(Row row) {
        rows.add(row);
    }

    public synchronized void addAll(TrainingHistory other) {
        rows.addAll(other.rows());
    }

    /** Removes every row. */
    public synchronized void clear() {
        rows.clear();
    }

    public synchronized List<Row> rows() {
        return List.copyOf(rows);
    }

    /** Rows of one stage. */
    public synchronized List<Row> rows(String stage) {
        return rows.stream().filter(r -> r.stage().equals(stage)).toList();
    }

    public synchronized int size() {
        return rows.size();
    }

    public synchronized boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The series of one term over the rows of one stage. */
    public synchronized double[] series(String stage, String term) {
        return rows(stage).stream().mapToDouble(r -> r.get(term)).toArray();
    }

    /** Stage names in order of first appearance. */
    public synchronized List<String> stages() {
        Set<String> s = new LinkedHashSet<>();
        for (Row r : rows) {
            s.add(r.stage());
        }
        return new ArrayList<>(s);
    }

    /** Every term name in order of first appearance. */
    public synchronized List<String> terms() {
        Set<String> s = new LinkedHashSet<>();
        for (Row r : rows) {
            s.addAll(r.losses().keySet());
        }
        return new ArrayList<>(s);
    }

    public synchronized String toCsv() {
        List<String> terms = terms();
        StringBuilder sb = new StringBuilder("stage,epoch,seconds");
        for (String t : terms) {
            sb.append(',').append(t);
        }
        sb.append('\n');
        for (Row r : rows) {
            sb.append(r.stage()).append(',').append(r.epoch()).append(',')
                    .append(String.format(Locale.ROOT, "%.3f", r.seconds()));
            for (String t : terms) {
                sb.append(',');
                Double v = r.losses().get(t);
                if (v != null) {
                    sb.append(Double.isFinite(v) ? String.format(Locale.ROOT, "%.8g", v) : v.toString());
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Writes {@link #toCsv()} atomically (temp file + rename). */
    public void writeCsv(Path file) {
        org.ruot4j.AtomicFiles.writeString(file, toCsv());
    }

    /**
     * Reads a file written by {@link #writeCsv} (history.csv): the header {@code stage,epoch,seconds,<term>…}, then one
     * line per epoch and stage; an empty field is a term the stage does not have. Errors name the line and column.
     */
    public static TrainingHistory readCsv(Path file) {
        TrainingHistory h = new TrainingHistory();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RuotException(file + ": cannot read training history: " + e.getMessage(), e);
        }
        if (lines.isEmpty() || !lines.get(0).startsWith("stage,epoch,seconds")) {
            throw new RuotException(file + ": line 1: expected the header 'stage,epoch,seconds,…'");
        }
        String[] head = lines.get(0).split(",", -1);
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String[] f = lines.get(i).split(",", -1);
            String where = file + ": line " + (i + 1);
            if (f.length != head.length) {
                throw new RuotException(where + ": " + f.length + " fields, expected " + head.length + " (stage, epoch,"
                        + " seconds and " + (head.length - 3) + " terms)");
            }
            Map<String, Double> m = new LinkedHashMap<>();
            for (int j = 3; j < f.length; j++) {
                if (!f[j].isEmpty()) {
                    m.put(head[j], number(f[j], where, head[j]));
                }
            }
            int epoch;
            try {
                epoch = Integer.parseInt(f[1]);
            } catch (NumberFormatException e) {
                throw new RuotException(where + ", column epoch: '" + f[1] + "' is not an integer");
            }
            h.add(new Row(f[0], epoch, number(f[2], where, "seconds"), m));
        }
        return h;
    }

    private static double number(String field, String where, String column) {
        try {
            return Double.parseDouble(field);
        } catch (NumberFormatException e) {
            throw new RuotException(where + ", column " + column + ": '" + field + "' is not a number (an empty field"
                    + " marks a term the stage does not have)");
        }
    }

    @Override
    public synchronized String toString() {
        return "TrainingHistory[" + rows.size() + " rows, terms " + terms() + "]";
    }
}
