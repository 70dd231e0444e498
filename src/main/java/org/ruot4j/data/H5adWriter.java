package org.ruot4j.data;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import io.jhdf.api.WritableNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ruot4j.AtomicFiles;
import org.ruot4j.RuotException;

/**
 * Writes an AnnData {@code .h5ad} file (HDF5, through jHDF's writer) in the on-disk encoding anndata ≥ 0.8 reads:
 * every element carries the attributes {@code encoding-type} / {@code encoding-version} — the file
 * {@code anndata 0.1.0}; obs and var {@code dataframe 0.2.0} with {@code _index} and {@code column-order}; numeric
 * columns and matrices {@code array 0.2.0}; string columns and the indexes {@code string-array 0.2.0}; obsm and
 * uns {@code dict 0.1.0}; scalars in uns {@code numeric-scalar 0.2.0} or {@code string 0.2.0}. Strings are written
 * as fixed-length UTF-8 (jHDF writes no variable-length strings; anndata decodes both).
 *
 * <p>jHDF 0.9 cannot write an empty array, so nothing empty is written: an empty {@code column-order} is the empty
 * string (anndata reads it as no columns), and empty uns entries are left out. The file is written into a
 * temporary file beside the target and renamed over it ({@link AtomicFiles}), so a reader never sees half a file.
 */
public final class H5adWriter {
    private final String[] obsNames;
    private final Map<String, Object> obs = new LinkedHashMap<>();
    private String[] varNames;
    private double[][] x;
    private final Map<String, double[][]> obsm = new LinkedHashMap<>();
    private final Map<String, Object> uns = new LinkedHashMap<>();

    /** A file with one obs row per name (names must be unique: they are the index a join uses). */
    public H5adWriter(String[] obsNames) {
        if (obsNames.length == 0) {
            throw new RuotException("an AnnData file needs at least one cell");
        }
        if (new java.util.HashSet<>(List.of(obsNames)).size() != obsNames.length) {
            throw new RuotException("obs names must be unique");
        }
        this.obsNames = obsNames.clone();
    }

    /** A numeric obs column. */
    public H5adWriter obs(String column, double[] values) {
        return obsColumn(column, values.clone(), values.length);
    }

    /** A string obs column. */
    public H5adWriter obs(String column, String[] values) {
        return obsColumn(column, values.clone(), values.length);
    }

    private H5adWriter obsColumn(String column, Object values, int n) {
        if (n != obsNames.length) {
            throw new RuotException("obs column '" + column + "' has " + n + " values for " + obsNames.length + " cells");
        }
        if (column.equals("_index") || obs.containsKey(column)) {
            throw new RuotException("obs column '" + column + "' is reserved or given twice");
        }
        obs.put(column, values);
        return this;
    }

    /** The matrix X (cells × variables) with the variables' names (var index). */
    public H5adWriter x(List<String> names, double[][] matrix) {
        check("X", matrix, names.size());
        this.varNames = names.toArray(new String[0]);
        this.x = matrix;
        return this;
    }

    /** A matrix in obsm (cells × any width ≥ 1). */
    public H5adWriter obsm(String key, double[][] matrix) {
        check("obsm '" + key + "'", matrix, matrix.length == 0 ? 0 : matrix[0].length);
        obsm.put(key, matrix);
        return this;
    }

    private void check(String what, double[][] m, int width) {
        if (m.length != obsNames.length || width < 1) {
            throw new RuotException(what + " has " + m.length + " rows for " + obsNames.length + " cells");
        }
        for (double[] row : m) {
            if (row.length != width) {
                throw new RuotException(what + " has rows of unequal width");
            }
        }
    }

    /**
     * An entry of uns: a String, a Number, a Boolean (written as the string "true"/"false"), a double[] or
     * String[], or a Map of such values (a nested dict).
     */
    public H5adWriter uns(String key, Object value) {
        uns.put(key, value);
        return this;
    }

    /** Writes the file atomically. */
    public void write(Path target) {
        Path tmp = null;
        try {
            tmp = AtomicFiles.tempBeside(target, ".tmp");
            try (WritableHdfFile f = HdfFile.write(tmp)) {
                encode(f, "anndata", "0.1.0");
                writeDataFrame(f.putGroup("obs"), obsNames, obs);
                if (x != null) {
                    encode(f.putDataset("X", x), "array", "0.2.0");
                    writeDataFrame(f.putGroup("var"), varNames, Map.of());
                }
                if (!obsm.isEmpty()) {
                    WritableGroup g = f.putGroup("obsm");
                    encode(g, "dict", "0.1.0");
                    for (Map.Entry<String, double[][]> e : obsm.entrySet()) {
                        encode(g.putDataset(e.getKey(), e.getValue()), "array", "0.2.0");
                    }
                }
                if (!uns.isEmpty()) {
                    writeDict(f.putGroup("uns"), uns);
                }
            }
            AtomicFiles.publish(tmp, target.toAbsolutePath());
            tmp = null;
        } catch (IOException | RuntimeException e) {
            if (e instanceof RuotException r) {
                throw r;
            }
            throw new RuotException(target + ": cannot write the AnnData file (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: a stray hidden temporary file is harmless
                }
            }
        }
    }

    private static void writeDataFrame(WritableGroup g, String[] index, Map<String, Object> columns) {
        encode(g, "dataframe", "0.2.0");
        g.putAttribute("_index", "_index");
        if (columns.isEmpty()) {
            g.putAttribute("column-order", ""); // anndata: list("") == [] (jHDF writes no empty arrays)
        } else {
            g.putAttribute("column-order", columns.keySet().toArray(new String[0]));
        }
        encode(g.putDataset("_index", index), "string-array", "0.2.0");
        for (Map.Entry<String, Object> c : columns.entrySet()) {
            boolean strings = c.getValue() instanceof String[];
            encode(g.putDataset(c.getKey(), strings ? nonNull((String[]) c.getValue()) : c.getValue()),
                    strings ? "string-array" : "array", "0.2.0");
        }
    }

    private static void writeDict(WritableGroup g, Map<String, ?> map) {
        encode(g, "dict", "0.1.0");
        for (Map.Entry<String, ?> e : map.entrySet()) {
            Object v = e.getValue();
            String k = e.getKey();
            if (v instanceof Map<?, ?> m) {
                if (!m.isEmpty()) {
                    Map<String, Object> sub = new LinkedHashMap<>();
                    m.forEach((a, b) -> sub.put(String.valueOf(a), b));
                    writeDict(g.putGroup(k), sub);
                }
            } else if (v instanceof String || v instanceof Boolean) {
                encode(g.putDataset(k, String.valueOf(v)), "string", "0.2.0");
            } else if (v instanceof Number n) {
                encode(g.putDataset(k, n instanceof Integer || n instanceof Long ? (Object) n.longValue()
                        : (Object) n.doubleValue()), "numeric-scalar", "0.2.0");
            } else if (v instanceof double[] d) {
                if (d.length > 0) {
                    encode(g.putDataset(k, d.clone()), "array", "0.2.0");
                }
            } else if (v instanceof String[] s) {
                if (s.length > 0) {
                    encode(g.putDataset(k, nonNull(s)), "string-array", "0.2.0");
                }
            } else if (v != null) {
                throw new RuotException("uns '" + k + "': cannot write a " + v.getClass().getSimpleName());
            }
        }
    }

    private static String[] nonNull(String[] s) {
        String[] out = s.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] == null) {
                out[i] = "";
            }
        }
        return out;
    }

    private static <T extends WritableNode> T encode(T node, String type, String version) {
        node.putAttribute("encoding-type", type);
        node.putAttribute("encoding-version", version);
        return node;
    }
}
