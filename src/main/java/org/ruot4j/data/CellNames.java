package org.ruot4j.data;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Names of the cells of a {@link Snapshots}, in its order (time by time; within a time, file order), so per-cell
 * results can be joined back onto the user's own table. From an AnnData {@code .h5ad} source: the obs index
 * ({@code obs_names}). The readers keep every row and group rows by time stably, so the names follow from the
 * time of each obs row: the obs column whose values, grouped the same way, give exactly the snapshot's times and
 * cell counts is taken as the time column (the named one first). Where no column matches, or the source is not an
 * .h5ad file, the names are made up as {@code t<time>_<i>} (i = 0, 1, … within each time, in file order).
 */
public final class CellNames {
    private CellNames() {
    }

    /** The names of {@code data}'s cells, {@code names[k][i]} for cell i at time index k (see the class comment). */
    public static String[][] of(Snapshots data) {
        return of(data, ReadOptions.DEFAULT_TIME_COLUMN);
    }

    /** As {@link #of(Snapshots)}, trying obs column {@code timeColumn} first. */
    public static String[][] of(Snapshots data, String timeColumn) {
        Path p = data.source() == null ? null : Path.of(data.source());
        if (p != null && p.getFileName() != null && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".h5ad")
                && Files.isRegularFile(p)) {
            try {
                String[][] n = fromH5ad(p, data, timeColumn);
                if (n != null) {
                    return n;
                }
            } catch (RuntimeException e) {
                // names are a convenience: a file the reader accepted but whose obs we cannot match gets made-up names
            }
        }
        return madeUp(data);
    }

    /** {@code t<time>_<i>} names. */
    public static String[][] madeUp(Snapshots data) {
        String[][] n = new String[data.numTimes()][];
        for (int k = 0; k < n.length; k++) {
            n[k] = new String[data.count(k)];
            for (int i = 0; i < n[k].length; i++) {
                n[k][i] = "t" + Snapshots.fmt(data.time(k)) + "_" + i;
            }
        }
        return n;
    }

    private static String[][] fromH5ad(Path p, Snapshots data, String timeColumn) {
        try (HdfFile h = new HdfFile(p)) {
            if (!(h.getChild("obs") instanceof Group obs)) {
                return null;
            }
            String indexName = stringAttribute(obs, "_index");
            if (!(obs.getChild(indexName == null ? "_index" : indexName) instanceof Dataset idx)
                    || !(idx.getDataFlat() instanceof String[] names) || names.length != data.totalCount()) {
                return null;
            }
            List<String> candidates = new ArrayList<>();
            candidates.add(timeColumn);
            for (String c : obs.getChildren().keySet()) {
                if (!c.equals(timeColumn) && !c.equals(indexName) && !c.equals("__categories")) {
                    candidates.add(c);
                }
            }
            for (String c : candidates) {
                double[] t = times(obs.getChild(c));
                String[][] grouped = t == null || t.length != names.length ? null : group(names, t, data);
                if (grouped != null) {
                    return grouped;
                }
            }
            return null;
        }
    }

    /** Names grouped by time when the grouping reproduces data's times and counts exactly, else null. */
    private static String[][] group(String[] names, double[] t, Snapshots data) {
        Map<Double, List<String>> byTime = new java.util.TreeMap<>();
        for (int i = 0; i < t.length; i++) {
            if (!Double.isFinite(t[i])) {
                return null;
            }
            byTime.computeIfAbsent(t[i] == 0.0 ? 0.0 : t[i], z -> new ArrayList<>()).add(names[i]);
        }
        if (byTime.size() != data.numTimes()) {
            return null;
        }
        String[][] out = new String[data.numTimes()][];
        int k = 0;
        for (Map.Entry<Double, List<String>> e : byTime.entrySet()) {
            if (e.getKey() != data.time(k) || e.getValue().size() != data.count(k)) {
                return null;
            }
            out[k++] = e.getValue().toArray(new String[0]);
        }
        return out;
    }

    /** The values of an obs column as numbers (numeric, numeric strings, or categorical with numeric categories). */
    private static double[] times(Node n) {
        if (n instanceof Group g) {
            if (g.getChild("codes") instanceof Dataset codes && g.getChild("categories") instanceof Dataset cats) {
                double[] cv = numbers(cats.getDataFlat());
                double[] code = numbers(codes.getDataFlat());
                if (cv == null || code == null) {
                    return null;
                }
                double[] t = new double[code.length];
                for (int i = 0; i < t.length; i++) {
                    int c = (int) code[i];
                    if (c < 0 || c >= cv.length) {
                        return null;
                    }
                    t[i] = cv[c];
                }
                return t;
            }
            return null;
        }
        return n instanceof Dataset ds && ds.getDimensions().length == 1 ? numbers(ds.getDataFlat()) : null;
    }

    private static double[] numbers(Object data) {
        if (data instanceof String[] s) {
            double[] t = new double[s.length];
            for (int i = 0; i < s.length; i++) {
                try {
                    t[i] = Double.parseDouble(s[i].strip());
                } catch (NumberFormatException e) {
                    return null;
                }
            }
            return t;
        }
        if (data == null || !data.getClass().isArray() || !data.getClass().getComponentType().isPrimitive()
                || data instanceof boolean[]) {
            return null;
        }
        int len = java.lang.reflect.Array.getLength(data);
        double[] t = new double[len];
        for (int i = 0; i < len; i++) {
            t[i] = ((Number) java.lang.reflect.Array.get(data, i)).doubleValue();
        }
        return t;
    }

    private static String stringAttribute(Node n, String name) {
        Attribute a = n.getAttribute(name);
        Object v = a == null ? null : a.getData();
        if (v instanceof String s) {
            return s;
        }
        return v instanceof String[] s && s.length == 1 ? s[0] : null;
    }

    /** Flattens per-time names in snapshot order. */
    public static String[] flat(String[][] names) {
        return Arrays.stream(names).flatMap(Arrays::stream).toArray(String[]::new);
    }

    /** Checks the names are unique (AnnData's obs_names must be for a join); a duplicate gets "-1", "-2", … */
    public static String[] unique(String[] names) {
        Map<String, Integer> seen = new LinkedHashMap<>();
        String[] out = names.clone();
        for (int i = 0; i < out.length; i++) {
            Integer c = seen.merge(out[i], 1, Integer::sum);
            if (c > 1) {
                out[i] = out[i] + "-" + (c - 1);
            }
        }
        return out;
    }
}
