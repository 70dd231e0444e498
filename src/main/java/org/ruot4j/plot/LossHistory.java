package org.ruot4j.plot;

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
import org.ruot4j.RuotException;

/**
 * Loss terms per epoch of every training stage, column-wise: row r belongs to stage {@code stages.get(r)},
 * epoch {@code epochs[r]} (counted within its stage), and term t has value {@code terms.get(t)[r]}; NaN means
 * the term is not part of that stage.
 *
 * <p><b>history.csv format</b> (written by {@code fit}, read by {@link #read}): UTF-8 text, comma-separated,
 * no quoting. First line is the header {@code stage,epoch,<term1>,<term2>,…}; term names are free text without
 * commas (e.g. {@code total,ot,mass_local,mass_global,energy,fp_residual,init,score}). Then one line per epoch
 * and stage in the order they ran: the stage name (e.g. {@code pretrain}, {@code score}, {@code train}), the
 * epoch as an integer ≥ 0, and one decimal number per term ({@code 1.5e-3} style allowed); an empty field or
 * {@code NaN} marks a term the stage does not use. Blank lines are ignored.
 */
public record LossHistory(List<String> stages, int[] epochs, Map<String, double[]> terms) {
    public LossHistory {
        stages = List.copyOf(stages);
        if (epochs.length != stages.size()) {
            throw new RuotException("loss history: " + stages.size() + " stage entries but " + epochs.length + " epochs");
        }
        LinkedHashMap<String, double[]> copy = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : terms.entrySet()) {
            if (e.getValue().length != epochs.length) {
                throw new RuotException("loss history: term '" + e.getKey() + "' has " + e.getValue().length
                        + " values, expected " + epochs.length + " (one per row)");
            }
            copy.put(e.getKey(), e.getValue().clone());
        }
        if (copy.isEmpty()) {
            throw new RuotException("loss history: no loss terms");
        }
        terms = Collections.unmodifiableMap(copy);
        epochs = epochs.clone();
    }

    public int size() {
        return epochs.length;
    }

    /** Stage names in the order they first appear. */
    public List<String> stageNames() {
        return List.copyOf(new LinkedHashSet<>(stages));
    }

    public List<String> termNames() {
        return List.copyOf(terms.keySet());
    }

    /** The rows of one stage; terms that are NaN throughout that stage are dropped. */
    public LossHistory stage(String name) {
        List<Integer> rows = new ArrayList<>();
        for (int r = 0; r < stages.size(); r++) {
            if (stages.get(r).equals(name)) {
                rows.add(r);
            }
        }
        if (rows.isEmpty()) {
            throw new RuotException("loss history: no stage '" + name + "'; stages are " + stageNames());
        }
        int[] ep = new int[rows.size()];
        List<String> st = new ArrayList<>();
        LinkedHashMap<String, double[]> t = new LinkedHashMap<>();
        for (int i = 0; i < ep.length; i++) {
            ep[i] = epochs[rows.get(i)];
            st.add(name);
        }
        for (Map.Entry<String, double[]> e : terms.entrySet()) {
            double[] v = new double[ep.length];
            boolean any = false;
            for (int i = 0; i < ep.length; i++) {
                v[i] = e.getValue()[rows.get(i)];
                any |= !Double.isNaN(v[i]);
            }
            if (any) {
                t.put(e.getKey(), v);
            }
        }
        if (t.isEmpty()) {
            throw new RuotException("loss history: stage '" + name + "' has no recorded loss values");
        }
        return new LossHistory(st, ep, t);
    }

    /** Reads history.csv (format in the class comment); errors name the file, line and column. */
    public static LossHistory read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RuotException(file + ": cannot read loss history (" + e.getMessage() + ")", e);
        }
        int first = 0;
        while (first < lines.size() && lines.get(first).isBlank()) {
            first++;
        }
        if (first == lines.size()) {
            throw new RuotException(file + ": empty; expected a header 'stage,epoch,<term>,…'");
        }
        String[] header = lines.get(first).strip().split(",", -1);
        if (header.length < 3 || !header[0].strip().equals("stage") || !header[1].strip().equals("epoch")) {
            throw new RuotException(file + ": line " + (first + 1) + ": header must start with 'stage,epoch,' and name at"
                    + " least one loss term, got '" + lines.get(first).strip() + "'");
        }
        int nt = header.length - 2;
        List<String> stages = new ArrayList<>();
        List<Integer> epochs = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        for (int li = first + 1; li < lines.size(); li++) {
            String line = lines.get(li);
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.strip().split(",", -1);
            String where = file + ": line " + (li + 1);
            if (f.length != header.length) {
                throw new RuotException(where + ": " + f.length + " fields, expected " + header.length
                        + " (stage, epoch and " + nt + " terms)");
            }
            if (f[0].isBlank()) {
                throw new RuotException(where + ", column stage: empty, expected a stage name");
            }
            stages.add(f[0].strip());
            try {
                int ep = Integer.parseInt(f[1].strip());
                if (ep < 0) {
                    throw new NumberFormatException();
                }
                epochs.add(ep);
            } catch (NumberFormatException e) {
                throw new RuotException(where + ", column epoch: '" + f[1] + "' is not an integer ≥ 0");
            }
            double[] v = new double[nt];
            for (int t = 0; t < nt; t++) {
                String s = f[t + 2].strip();
                if (s.isEmpty()) {
                    v[t] = Double.NaN;
                    continue;
                }
                try {
                    v[t] = Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    throw new RuotException(where + ", column " + header[t + 2].strip() + ": '" + s
                            + "' is not a number (use an empty field or NaN for an unused term)");
                }
            }
            rows.add(v);
        }
        if (rows.isEmpty()) {
            throw new RuotException(file + ": header but no rows; expected one row per epoch and stage");
        }
        LinkedHashMap<String, double[]> terms = new LinkedHashMap<>();
        for (int t = 0; t < nt; t++) {
            String name = header[t + 2].strip();
            if (name.isEmpty() || terms.containsKey(name)) {
                throw new RuotException(file + ": line " + (first + 1) + ": term name " + (t + 1)
                        + (name.isEmpty() ? " is empty" : " '" + name + "' is repeated"));
            }
            double[] col = new double[rows.size()];
            for (int r = 0; r < col.length; r++) {
                col[r] = rows.get(r)[t];
            }
            terms.put(name, col);
        }
        return new LossHistory(stages, epochs.stream().mapToInt(Integer::intValue).toArray(), terms);
    }

    /** Writes history.csv atomically (temp file in the same folder, then rename); NaN is written as empty. */
    public void write(Path file) {
        StringBuilder sb = new StringBuilder("stage,epoch");
        for (String t : terms.keySet()) {
            sb.append(',').append(t);
        }
        sb.append('\n');
        for (int r = 0; r < epochs.length; r++) {
            sb.append(stages.get(r)).append(',').append(epochs[r]);
            for (double[] v : terms.values()) {
                sb.append(',');
                if (!Double.isNaN(v[r])) {
                    sb.append(String.format(Locale.ROOT, "%.9g", v[r]));
                }
            }
            sb.append('\n');
        }
        Figures.writeAtomically(file, out -> out.write(sb.toString().getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LossHistory h) || !h.stages.equals(stages) || !java.util.Arrays.equals(h.epochs, epochs)
                || !h.terms.keySet().equals(terms.keySet())) {
            return false;
        }
        for (String t : terms.keySet()) {
            if (!java.util.Arrays.equals(h.terms.get(t), terms.get(t))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return stages.hashCode() * 31 + java.util.Arrays.hashCode(epochs);
    }

    @Override
    public String toString() {
        return "LossHistory[" + size() + " rows, stages " + stageNames() + ", terms " + termNames() + "]";
    }
}
