package org.ruot4j.data;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ruot4j.RuotException;

/**
 * Reads AnnData {@code .h5ad} files (HDF5, through jHDF). The time of each cell comes from an {@code obs}
 * column: a numeric dataset, a string dataset of numbers, or a categorical column — anndata ≥ 0.8 writes
 * {@code obs/<col>/codes} + {@code obs/<col>/categories}, anndata 0.7 writes codes in {@code obs/<col>} and the
 * categories in {@code obs/__categories/<col>}; categories must be numbers. The features come from {@code X}
 * (a dense 2-D dataset, or a CSR/CSC group with {@code data}, {@code indices}, {@code indptr} and attribute
 * {@code shape}) or from {@code obsm/<key>} (e.g. {@code X_pca}). Feature names are {@code var}'s index for X
 * and {@code <key>1…<key>D} for an obsm key. A dense matrix is read whole; a sparse one is densified only in the
 * chosen columns.
 */
final class H5adReader {
    private H5adReader() {
    }

    static Snapshots read(Path path, ReadOptions options) {
        String src = path.toString();
        try (HdfFile h = open(path)) {
            return read(h, src, options);
        } catch (RuotException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            String msg = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            throw new RuotException(src + ": cannot read as an AnnData .h5ad (HDF5) file (damaged or not HDF5): "
                    + e.getClass().getSimpleName() + (msg.equals("null") ? "" : " " + msg), e);
        }
    }

    /**
     * Opens the file through a read-only memory map when it is under 2 GiB. jHDF then slices the map for each
     * structure it reads, so a damaged length field that points past the end of the file is an exception; read
     * through a file channel, jHDF first allocates a heap buffer of the declared length, so one flipped bit in an
     * object header could demand gigabytes. Larger files are read through the channel.
     */
    private static HdfFile open(Path path) {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < Integer.MAX_VALUE) {
                return HdfFile.fromByteBuffer(ch.map(FileChannel.MapMode.READ_ONLY, 0, size));
            }
        } catch (IOException e) {
            throw new RuotException(path + ": cannot read: " + e.getMessage(), e);
        }
        return new HdfFile(path);
    }

    /**
     * The values of {@code ds}, after checking that its declared size can be backed by the file: an
     * uncompressed dataset cannot hold more bytes than the file, and a compressed one no more than deflate's
     * maximal ratio (about 1032:1) allows. This refuses, before jHDF allocates, the absurd sizes a damaged
     * dataspace declares.
     */
    private static Object flat(Dataset ds, String where) {
        long declared = ds.getSizeInBytes();
        long fileBytes = ds.getHdfFile().size();
        boolean compressed = !ds.getFilters().isEmpty();
        long limit = !compressed ? fileBytes : fileBytes > Long.MAX_VALUE / 1100 ? Long.MAX_VALUE : fileBytes * 1100;
        if (declared < 0 || declared > limit || ds.getSize() > Integer.MAX_VALUE - 8) {
            throw new RuotException(where + ": declares " + ds.getSize() + " values (" + declared + " bytes) in a "
                    + fileBytes + "-byte file; the file is damaged");
        }
        return ds.getDataFlat();
    }

    private static Snapshots read(HdfFile h, String src, ReadOptions options) {
        Group obs = group(h, "obs", src, "not an AnnData file: no 'obs' group");
        double[] times = times(obs, options.timeColumn(), src, TimeLabels.of(options));

        String matrixName;
        Node matrixNode;
        List<String> names;
        if (options.embedding() == null) {
            matrixName = "X";
            matrixNode = h.getChild("X");
            if (matrixNode == null) {
                throw new RuotException(src + ": no 'X' matrix; choose an obsm key with --embedding");
            }
            names = null; // from var, once the width is known
        } else {
            matrixName = "obsm/" + options.embedding();
            Group obsm = group(h, "obsm", src, "no 'obsm' group, so no embedding '" + options.embedding() + "'");
            matrixNode = obsm.getChild(options.embedding());
            if (matrixNode == null) {
                throw new RuotException(src + ": no obsm key '" + options.embedding() + "'; available keys: "
                        + Cells.listNames(new ArrayList<>(obsm.getChildren().keySet())));
            }
            names = null;
        }
        int[] shape = shape(matrixNode, matrixName, src);
        int rows = shape[0];
        int cols = shape[1];
        long wanted = 8L * rows * (options.features() == null ? cols : options.features().size()) + 16L * cols;
        if (wanted > memoryBudget()) {
            throw new RuotException(src + ": " + matrixName + " is " + rows + " x " + cols + ", too large to hold in "
                    + "memory here (" + wanted / (1 << 20) + " MiB); choose columns with --features or use an obsm "
                    + "embedding");
        }
        if (rows != times.length) {
            throw new RuotException(src + ": obs has " + times.length + " cells (column '" + options.timeColumn()
                    + "') but " + matrixName + " has " + rows + " rows; they must match (one row per cell)");
        }
        if (options.embedding() == null) {
            names = varNames(h, cols, src);
        } else {
            names = new ArrayList<>();
            for (int j = 0; j < cols; j++) {
                names.add(options.embedding() + (j + 1));
            }
        }
        int[] select;
        List<String> features;
        if (options.features() == null) {
            select = new int[cols];
            for (int j = 0; j < cols; j++) {
                select[j] = j;
            }
            features = names;
        } else {
            features = options.features();
            select = new int[features.size()];
            for (int a = 0; a < select.length; a++) {
                select[a] = names.indexOf(features.get(a));
                if (select[a] < 0) {
                    throw new RuotException(src + ": unknown feature '" + features.get(a) + "' in " + matrixName
                            + "; available: " + Cells.listNames(names));
                }
            }
        }
        double[] values = dense(matrixNode, matrixName, shape, select, src);
        int d = select.length;
        Snapshots.Builder b = Snapshots.builder(features).source(src);
        if (options.relativeMasses() != null) {
            b.relativeMasses(options.relativeMasses());
        }
        for (int i = 0; i < rows; i++) {
            double[] x = Arrays.copyOfRange(values, i * d, (i + 1) * d);
            for (int j = 0; j < d; j++) {
                Cells.finite(x[j], src + ": " + matrixName + " row " + (i + 1) + ", column " + features.get(j));
            }
            b.add(times[i], x, matrixName + " row " + (i + 1));
        }
        return b.build();
    }

    private static Group group(Group parent, String name, String src, String whyMissing) {
        Node n = parent.getChild(name);
        if (!(n instanceof Group)) {
            throw new RuotException(src + ": " + whyMissing);
        }
        return (Group) n;
    }

    /** The time of each cell from obs column {@code col}. */
    private static double[] times(Group obs, String col, String src, TimeLabels labels) {
        String where = src + ": obs column '" + col + "'";
        Node n = obs.getChild(col);
        if (n == null) {
            List<String> available = new ArrayList<>();
            String indexName = stringAttribute(obs, "_index");
            for (String c : obs.getChildren().keySet()) {
                if (!c.equals("__categories") && !c.equals(indexName == null ? "_index" : indexName)) {
                    available.add(c);
                }
            }
            throw new RuotException(src + ": no time column '" + col + "' in obs; available obs columns: "
                    + (available.isEmpty() ? "(none)" : Cells.listNames(available)) + " (choose one with --time-column)");
        }
        if (n instanceof Group) { // anndata >= 0.8 categorical
            Group g = (Group) n;
            Node codes = g.getChild("codes");
            Node cats = g.getChild("categories");
            if (!(codes instanceof Dataset) || !(cats instanceof Dataset)) {
                throw new RuotException(where + " is a group without 'codes' and 'categories'; expected a numeric or "
                        + "categorical column");
            }
            return decodeCategorical((Dataset) codes, (Dataset) cats, where, labels);
        }
        Dataset ds = (Dataset) n;
        Node legacy = obs.getChild("__categories");
        if (legacy instanceof Group && ((Group) legacy).getChild(col) instanceof Dataset) { // anndata 0.7
            return decodeCategorical(ds, (Dataset) ((Group) legacy).getChild(col), where, labels);
        }
        if (ds.getDimensions().length != 1) {
            throw new RuotException(where + " has shape " + Arrays.toString(ds.getDimensions()) + "; expected one value per cell");
        }
        Object data = flat(ds, where);
        if (data instanceof String[]) {
            String[] s = (String[]) data;
            double[] t = new double[s.length];
            for (int i = 0; i < s.length; i++) {
                t[i] = labels.parse(s[i], where + ", cell " + (i + 1));
            }
            return t;
        }
        double[] t = numbers(data, where);
        for (int i = 0; i < t.length; i++) {
            Cells.finite(t[i], where + ", cell " + (i + 1));
        }
        return t;
    }

    private static double[] decodeCategorical(Dataset codesDs, Dataset catsDs, String where, TimeLabels labels) {
        double[] codes = numbers(flat(codesDs, where + " (codes)"), where + " (codes)");
        Object catData = flat(catsDs, where + " (categories)");
        double[] catValues;
        if (catData instanceof String[]) {
            String[] s = (String[]) catData;
            catValues = new double[s.length];
            for (int c = 0; c < s.length; c++) {
                catValues[c] = labels.parse(s[c], where + ", category '" + Cells.abbreviate(s[c]) + "'");
            }
        } else {
            catValues = numbers(catData, where + " (categories)");
            for (int c = 0; c < catValues.length; c++) {
                Cells.finite(catValues[c], where + ", category " + (c + 1));
            }
        }
        double[] t = new double[codes.length];
        for (int i = 0; i < codes.length; i++) {
            int c = (int) codes[i];
            if (c < 0 || c >= catValues.length) {
                throw new RuotException(where + ", cell " + (i + 1) + ": "
                        + (c < 0 ? "no category (missing value)" : "category code " + c + " out of range"));
            }
            t[i] = catValues[c];
        }
        return t;
    }

    private static int[] shape(Node node, String name, String src) {
        if (node instanceof Dataset) {
            int[] dims = ((Dataset) node).getDimensions();
            if (dims.length != 2) {
                throw new RuotException(src + ": " + name + " has shape " + Arrays.toString(dims)
                        + "; expected a 2-D matrix (cells x features)");
            }
            return dims;
        }
        Group g = (Group) node;
        sparseKind(g, name, src);
        Attribute a = g.getAttribute("shape");
        if (a == null) {
            a = g.getAttribute("h5sparse_shape");
        }
        if (a == null) {
            throw new RuotException(src + ": sparse matrix " + name + " has no 'shape' attribute");
        }
        double[] s = numbers(a.getData(), src + ": " + name + " shape");
        if (s.length != 2) {
            throw new RuotException(src + ": " + name + " shape has " + s.length + " entries; expected 2");
        }
        for (double v : s) {
            if (!(v >= 0 && v < Integer.MAX_VALUE && v == Math.rint(v))) {
                throw new RuotException(src + ": sparse matrix " + name + " has shape " + Arrays.toString(s)
                        + "; expected two whole numbers >= 0");
            }
        }
        return new int[] {(int) s[0], (int) s[1]};
    }

    /** Half the heap this JVM can still grow into, in bytes. */
    private static long memoryBudget() {
        Runtime r = Runtime.getRuntime();
        return (r.maxMemory() - (r.totalMemory() - r.freeMemory())) / 2;
    }

    /** True for CSR, false for CSC. */
    private static boolean sparseKind(Group g, String name, String src) {
        String enc = stringAttribute(g, "encoding-type");
        if (enc == null) {
            enc = stringAttribute(g, "h5sparse_format"); // anndata < 0.7
        }
        if ("csr_matrix".equals(enc) || "csr".equals(enc)) {
            return true;
        }
        if ("csc_matrix".equals(enc) || "csc".equals(enc)) {
            return false;
        }
        throw new RuotException(src + ": " + name + " is a group with encoding '" + enc
                + "'; expected a dense matrix or a csr_matrix/csc_matrix");
    }

    /** Row-major rows x select.length values of the matrix, in the chosen columns. */
    private static double[] dense(Node node, String name, int[] shape, int[] select, String src) {
        int rows = shape[0];
        int cols = shape[1];
        int d = select.length;
        double[] out = new double[Math.multiplyExact(rows, d)];
        if (node instanceof Dataset) {
            double[] all = numbers(flat((Dataset) node, src + ": " + name), src + ": " + name);
            for (int i = 0; i < rows; i++) {
                for (int a = 0; a < d; a++) {
                    out[i * d + a] = all[i * cols + select[a]];
                }
            }
            return out;
        }
        Group g = (Group) node;
        boolean csr = sparseKind(g, name, src);
        double[] data = numbers(flat(child(g, "data", name, src), src + ": " + name + "/data"), src + ": " + name + "/data");
        double[] indices = numbers(flat(child(g, "indices", name, src), src + ": " + name + "/indices"), src + ": " + name + "/indices");
        double[] indptr = numbers(flat(child(g, "indptr", name, src), src + ": " + name + "/indptr"), src + ": " + name + "/indptr");
        int major = csr ? rows : cols;
        int minor = csr ? cols : rows;
        if (indptr.length != major + 1 || indices.length != data.length || indptr[major] != data.length) {
            throw new RuotException(src + ": sparse matrix " + name + " is inconsistent: indptr has " + indptr.length
                    + " entries for " + major + (csr ? " rows" : " columns") + ", " + data.length + " values");
        }
        int[] position = new int[cols]; // output column of each matrix column, or -1
        Arrays.fill(position, -1);
        for (int a = 0; a < d; a++) {
            position[select[a]] = a;
        }
        for (int m = 0; m < major; m++) {
            for (int p = (int) indptr[m]; p < (int) indptr[m + 1]; p++) {
                int k = (int) indices[p];
                if (k < 0 || k >= minor) {
                    throw new RuotException(src + ": sparse matrix " + name + " has index " + k + " outside 0.."
                            + (minor - 1));
                }
                int row = csr ? m : k;
                int col = csr ? k : m;
                if (position[col] >= 0) {
                    out[row * d + position[col]] += data[p]; // duplicates sum, as in scipy
                }
            }
        }
        return out;
    }

    private static Dataset child(Group g, String name, String matrix, String src) {
        Node n = g.getChild(name);
        if (!(n instanceof Dataset)) {
            throw new RuotException(src + ": sparse matrix " + matrix + " has no '" + name + "' dataset");
        }
        return (Dataset) n;
    }

    private static List<String> varNames(HdfFile h, int cols, String src) {
        List<String> names = new ArrayList<>();
        Node var = h.getChild("var");
        if (var instanceof Group) {
            String indexName = stringAttribute(var, "_index");
            Node idx = ((Group) var).getChild(indexName == null ? "_index" : indexName);
            Object index = idx instanceof Dataset ? flat((Dataset) idx, src + ": var index") : null;
            if (index instanceof String[]) {
                String[] s = (String[]) index;
                if (s.length != cols) {
                    throw new RuotException(src + ": var has " + s.length + " names but X has " + cols + " columns; "
                            + "they must match");
                }
                names.addAll(Arrays.asList(s));
            }
        }
        if (names.isEmpty()) {
            for (int j = 0; j < cols; j++) {
                names.add("var" + (j + 1));
            }
        }
        if (new java.util.HashSet<>(names).size() != names.size()) {
            throw new RuotException(src + ": var names are not unique; make them unique (var_names_make_unique) first");
        }
        return names;
    }

    private static String stringAttribute(Node n, String name) {
        Attribute a = n.getAttribute(name);
        if (a == null) {
            return null;
        }
        Object v = a.getData();
        if (v instanceof String) {
            return (String) v;
        }
        if (v instanceof String[] && ((String[]) v).length == 1) {
            return ((String[]) v)[0];
        }
        return null;
    }

    /** The integer element types jHDF returns that {@link #numbers} widens to double. */
    private static final java.util.Set<Class<?>> WIDENED = java.util.Set.of(long.class, int.class, short.class,
            byte.class);

    /** Widens any numeric array jHDF returns to double[]. */
    static double[] numbers(Object data, String where) {
        if (data instanceof double[]) {
            return (double[]) data;
        }
        if (data == null || !data.getClass().isArray()) {
            throw new RuotException(where + ": expected an array of numbers, found " + data);
        }
        int n = java.lang.reflect.Array.getLength(data);
        double[] out = new double[n];
        if (data instanceof float[] f) { // AnnData's usual X: a plain loop
            for (int i = 0; i < n; i++) {
                out[i] = f[i];
            }
        } else if (WIDENED.contains(data.getClass().getComponentType())) {
            for (int i = 0; i < n; i++) {
                out[i] = java.lang.reflect.Array.getDouble(data, i); // the widening a cast does
            }
        } else if (data instanceof java.math.BigInteger[] f) { // unsigned 64-bit
            for (int i = 0; i < n; i++) {
                out[i] = f[i].doubleValue();
            }
        } else {
            throw new RuotException(where + ": holds " + data.getClass().getComponentType().getSimpleName()
                    + " values; expected numbers");
        }
        return out;
    }
}
