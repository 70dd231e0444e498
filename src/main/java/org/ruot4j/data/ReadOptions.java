package org.ruot4j.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ruot4j.RuotException;

/**
 * How to turn a table or an AnnData file into {@link Snapshots}: which column holds the time, which columns
 * are the features, and optionally the measured relative masses. Immutable; {@code with…} return copies.
 *
 * <ul>
 *   <li>{@code timeColumn}: a table column or an AnnData {@code obs} column (default {@code "samples"}).</li>
 *   <li>{@code features}: the feature columns in order; {@code null} means every other (named) column, or
 *       every variable of the AnnData matrix.</li>
 *   <li>{@code relativeMasses}: r_k per time in increasing order of time (normalised so that r_0 = 1);
 *       {@code null} means r_k = N_k / N_0.</li>
 *   <li>{@code embedding}: for .h5ad only, an {@code obsm} key (such as {@code X_pca}) to read instead of
 *       {@code X}; {@code null} means {@code X}.</li>
 *   <li>{@code timeMap}: the time of each time-column label ({@code day0 → 0, day2 → 2}); {@code null} reads
 *       plain numbers and labels of one number such as {@code day2}, {@code D3}, {@code t0.5} (see
 *       {@link TimeLabels}).</li>
 * </ul>
 */
public final class ReadOptions {
    /** The time column of the DeepRUOT CSV layout ({@code samples,x1,…,xD}). */
    public static final String DEFAULT_TIME_COLUMN = "samples";

    private final String timeColumn;
    private final List<String> features;
    private final double[] relativeMasses;
    private final String embedding;
    private final Map<String, Double> timeMap;

    private ReadOptions(String timeColumn, List<String> features, double[] relativeMasses, String embedding,
            Map<String, Double> timeMap) {
        this.timeColumn = timeColumn;
        this.features = features == null ? null : List.copyOf(features);
        this.relativeMasses = relativeMasses == null ? null : relativeMasses.clone();
        this.embedding = embedding;
        this.timeMap = timeMap == null ? null : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(timeMap));
    }

    /** Time column {@code samples}, every other column a feature, r_k = N_k / N_0, matrix {@code X}. */
    public static ReadOptions defaults() {
        return new ReadOptions(DEFAULT_TIME_COLUMN, null, null, null, null);
    }

    public ReadOptions withTimeColumn(String column) {
        return new ReadOptions(column == null || column.isBlank() ? DEFAULT_TIME_COLUMN : column.strip(), features,
                relativeMasses, embedding, timeMap);
    }

    /** The feature columns to read, in this order; {@code null} or empty for every other column. */
    public ReadOptions withFeatures(List<String> names) {
        return new ReadOptions(timeColumn, names == null || names.isEmpty() ? null : names, relativeMasses, embedding,
                timeMap);
    }

    public ReadOptions withFeatures(String... names) {
        return withFeatures(List.of(names));
    }

    /** Measured relative masses, one per time in increasing order of time; {@code null} for N_k / N_0. */
    public ReadOptions withRelativeMasses(double... r) {
        return new ReadOptions(timeColumn, features, r, embedding, timeMap);
    }

    /** For .h5ad: read {@code obsm/<key>} (e.g. {@code X_pca}) instead of {@code X}; {@code null} for X. */
    public ReadOptions withEmbedding(String obsmKey) {
        return new ReadOptions(timeColumn, features, relativeMasses,
                obsmKey == null || obsmKey.isBlank() ? null : obsmKey.strip(), timeMap);
    }

    /**
     * The time of each time-column label (e.g. {@code day0 → 0, day2 → 2}); {@code null} or empty to read numbers
     * and one-number labels such as {@code day2}.
     *
     * @throws RuotException when a time is not finite or a label is blank
     */
    public ReadOptions withTimeMap(Map<String, Double> labelToTime) {
        Map<String, Double> m = null;
        if (labelToTime != null && !labelToTime.isEmpty()) {
            m = new LinkedHashMap<>();
            for (Map.Entry<String, Double> e : labelToTime.entrySet()) {
                String label = e.getKey() == null ? "" : e.getKey().strip();
                if (label.isEmpty()) {
                    throw new RuotException("--time-map: a label is empty; expected LABEL=TIME,… (e.g. day0=0,day2=2)");
                }
                if (e.getValue() == null || !Double.isFinite(e.getValue())) {
                    throw new RuotException("--time-map: time of label '" + Cells.abbreviate(label)
                            + "' must be a finite number, got " + e.getValue());
                }
                m.put(label, e.getValue());
            }
        }
        return new ReadOptions(timeColumn, features, relativeMasses, embedding, m);
    }

    public String timeColumn() {
        return timeColumn;
    }

    /** The chosen feature names, or {@code null} for all. */
    public List<String> features() {
        return features;
    }

    /** The measured relative masses, or {@code null}. */
    public double[] relativeMasses() {
        return relativeMasses == null ? null : relativeMasses.clone();
    }

    /** The label → time map, or {@code null} for numbers and one-number labels. */
    public Map<String, Double> timeMap() {
        return timeMap;
    }

    /** The obsm key to read, or {@code null} for X. */
    public String embedding() {
        return embedding;
    }
}
