package org.ruot4j.data;

import java.util.List;

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
 * </ul>
 */
public final class ReadOptions {
    /** The time column of the DeepRUOT CSV layout ({@code samples,x1,…,xD}). */
    public static final String DEFAULT_TIME_COLUMN = "samples";

    private final String timeColumn;
    private final List<String> features;
    private final double[] relativeMasses;
    private final String embedding;

    private ReadOptions(String timeColumn, List<String> features, double[] relativeMasses, String embedding) {
        this.timeColumn = timeColumn;
        this.features = features == null ? null : List.copyOf(features);
        this.relativeMasses = relativeMasses == null ? null : relativeMasses.clone();
        this.embedding = embedding;
    }

    /** Time column {@code samples}, every other column a feature, r_k = N_k / N_0, matrix {@code X}. */
    public static ReadOptions defaults() {
        return new ReadOptions(DEFAULT_TIME_COLUMN, null, null, null);
    }

    public ReadOptions withTimeColumn(String column) {
        return new ReadOptions(column == null || column.isBlank() ? DEFAULT_TIME_COLUMN : column.strip(), features,
                relativeMasses, embedding);
    }

    /** The feature columns to read, in this order; {@code null} or empty for every other column. */
    public ReadOptions withFeatures(List<String> names) {
        return new ReadOptions(timeColumn, names == null || names.isEmpty() ? null : names, relativeMasses, embedding);
    }

    public ReadOptions withFeatures(String... names) {
        return withFeatures(List.of(names));
    }

    /** Measured relative masses, one per time in increasing order of time; {@code null} for N_k / N_0. */
    public ReadOptions withRelativeMasses(double... r) {
        return new ReadOptions(timeColumn, features, r, embedding);
    }

    /** For .h5ad: read {@code obsm/<key>} (e.g. {@code X_pca}) instead of {@code X}; {@code null} for X. */
    public ReadOptions withEmbedding(String obsmKey) {
        return new ReadOptions(timeColumn, features, relativeMasses,
                obsmKey == null || obsmKey.isBlank() ? null : obsmKey.strip());
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

    /** The obsm key to read, or {@code null} for X. */
    public String embedding() {
        return embedding;
    }
}
