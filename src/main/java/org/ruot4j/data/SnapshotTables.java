package org.ruot4j.data;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;
import org.ruot4j.RuotException;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Converts between Tablesaw tables and {@link Snapshots}. A table has one row per cell, a numeric time column
 * and numeric feature columns (double, float, int, long or short).
 */
public final class SnapshotTables {
    private SnapshotTables() {
    }

    /**
     * The cells of {@code table}: time from {@code options.timeColumn()}, features from {@code options.features()}
     * (null: every other numeric column; a non-numeric column must then be left out by naming the features).
     */
    public static Snapshots toSnapshots(Table table, ReadOptions options) {
        if (options == null) {
            options = ReadOptions.defaults();
        }
        String src = table.name() == null || table.name().isBlank() ? "table" : "table " + table.name();
        List<String> names = table.columnNames();
        String timeName = options.timeColumn();
        if (!names.contains(timeName)) {
            throw new RuotException(src + ": no time column '" + timeName + "'; available columns: "
                    + Cells.listNames(names));
        }
        List<String> features = new ArrayList<>();
        if (options.features() == null) {
            for (String n : names) {
                if (!n.equals(timeName)) {
                    features.add(n);
                }
            }
        } else {
            for (String f : options.features()) {
                if (!names.contains(f)) {
                    throw new RuotException(src + ": unknown feature '" + f + "'; available columns: "
                            + Cells.listNames(names));
                }
                if (f.equals(timeName)) {
                    throw new RuotException(src + ": feature '" + f + "' is the time column; choose other columns");
                }
                features.add(f);
            }
        }
        if (features.isEmpty()) {
            throw new RuotException(src + ": no feature columns besides the time column '" + timeName + "'");
        }
        NumericColumn<?> time = numeric(table.column(timeName), src);
        List<NumericColumn<?>> cols = new ArrayList<>();
        for (String f : features) {
            cols.add(numeric(table.column(f), src));
        }
        Snapshots.Builder b = Snapshots.builder(features).source(src);
        if (options.relativeMasses() != null) {
            b.relativeMasses(options.relativeMasses());
        }
        int d = features.size();
        for (int i = 0; i < table.rowCount(); i++) {
            String where = src + ": row " + (i + 1) + ", column ";
            double t = value(time, i, where + timeName);
            double[] x = new double[d];
            for (int j = 0; j < d; j++) {
                x[j] = value(cols.get(j), i, where + features.get(j));
            }
            b.add(t, x, "row " + (i + 1));
        }
        return b.build();
    }

    /**
     * One row per cell: a double column {@code timeColumn} followed by one double column per feature; cells in
     * order of time, and within a time in their stored order. The table is named after the source.
     */
    public static Table toTable(Snapshots s, String timeColumn) {
        String tc = timeColumn == null || timeColumn.isBlank() ? ReadOptions.DEFAULT_TIME_COLUMN : timeColumn;
        if (s.features().contains(tc)) {
            throw new RuotException(s.source() + ": time column name '" + tc + "' is also a feature name");
        }
        int n = s.totalCount();
        int d = s.dim();
        double[] t = new double[n];
        double[][] x = new double[d][n];
        int row = 0;
        for (int k = 0; k < s.numTimes(); k++) {
            double[] flat = s.flat(k);
            for (int i = 0; i < s.count(k); i++, row++) {
                t[row] = s.time(k);
                for (int j = 0; j < d; j++) {
                    x[j][row] = flat[i * d + j];
                }
            }
        }
        Table table = Table.create(s.source());
        table.addColumns(DoubleColumn.create(tc, t));
        for (int j = 0; j < d; j++) {
            table.addColumns(DoubleColumn.create(s.features().get(j), x[j]));
        }
        return table;
    }

    /** {@link #toTable(Snapshots, String)} with the time column {@code samples}. */
    public static Table toTable(Snapshots s) {
        return toTable(s, ReadOptions.DEFAULT_TIME_COLUMN);
    }

    /**
     * The snapshots as CSV text in the layout the readers take by default: a header {@code samples,<features>},
     * then one line per cell (in the order of {@link #toTable(Snapshots, String)}) with its time and its values
     * written by {@code time} and {@code value} (e.g. {@code Double::toString} for exact round trips).
     */
    public static String csv(Snapshots s, DoubleFunction<String> time, DoubleFunction<String> value) {
        int d = s.dim();
        StringBuilder sb = new StringBuilder(ReadOptions.DEFAULT_TIME_COLUMN);
        for (String f : s.features()) {
            sb.append(',').append(f);
        }
        sb.append('\n');
        for (int k = 0; k < s.numTimes(); k++) {
            double[] flat = s.flat(k);
            String t = time.apply(s.time(k));
            for (int i = 0; i < s.count(k); i++) {
                sb.append(t);
                for (int j = 0; j < d; j++) {
                    sb.append(',').append(value.apply(flat[i * d + j]));
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    private static NumericColumn<?> numeric(Column<?> c, String src) {
        if (!(c instanceof NumericColumn)) {
            throw new RuotException(src + ": column '" + c.name() + "' has type " + c.type().name()
                    + ", expected numbers (choose numeric feature columns)");
        }
        return (NumericColumn<?>) c;
    }

    private static double value(NumericColumn<?> c, int i, String where) {
        if (c.isMissing(i)) {
            throw new RuotException(where + ": missing value, expected a finite number");
        }
        return Cells.finite(c.getDouble(i), where);
    }
}
