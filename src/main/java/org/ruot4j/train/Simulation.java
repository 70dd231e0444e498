package org.ruot4j.train;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.ruot4j.data.WeightedCloud;

/**
 * Simulated particles at requested times: for each time, positions (row-major count × D) and weights (for the
 * ODE and SDE modes; 1/N0 each for branching, whose mass is the particle count / N0).
 */
public record Simulation(String mode, double[] times, int dim, List<String> features, List<double[]> positions,
        List<double[]> weights) {

    /** Number of particles at time index k. */
    public int count(int k) {
        return positions.get(k).length / dim;
    }

    /** The particles at time index k as one cloud, labelled with the mode ("ODE", "SDE", "BRANCHING"). */
    public WeightedCloud at(int k) {
        return new WeightedCloud(mode.toUpperCase(Locale.ROOT), times[k], positions.get(k), dim, weights.get(k));
    }

    /** Σ w at time index k (the predicted relative mass). */
    public double mass(int k) {
        double s = 0;
        for (double w : weights.get(k)) {
            s += w;
        }
        return s;
    }

    /** CSV with columns {@code time,particle,weight,<features…>}. */
    public String toCsv() {
        StringBuilder sb = new StringBuilder("time,particle,weight");
        for (String f : features) {
            sb.append(',').append(f);
        }
        sb.append('\n');
        for (int k = 0; k < times.length; k++) {
            double[] x = positions.get(k);
            double[] w = weights.get(k);
            for (int i = 0; i < count(k); i++) {
                sb.append(fmt(times[k])).append(',').append(i).append(',')
                        .append(String.format(Locale.ROOT, "%.8g", w[i]));
                for (int j = 0; j < dim; j++) {
                    sb.append(',').append(String.format(Locale.ROOT, "%.8g", x[i * dim + j]));
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    /** The same rows as {@link #toCsv()} as a Tablesaw frame: time, particle, weight, then one column per feature. */
    public tech.tablesaw.api.Table toFrame() {
        int rows = 0;
        for (int k = 0; k < times.length; k++) {
            rows += count(k);
        }
        double[] t = new double[rows];
        int[] particle = new int[rows];
        double[] w = new double[rows];
        double[][] x = new double[dim][rows];
        int r = 0;
        for (int k = 0; k < times.length; k++) {
            double[] p = positions.get(k);
            double[] wk = weights.get(k);
            for (int i = 0; i < count(k); i++, r++) {
                t[r] = times[k];
                particle[r] = i;
                w[r] = wk[i];
                for (int j = 0; j < dim; j++) {
                    x[j][r] = p[i * dim + j];
                }
            }
        }
        tech.tablesaw.api.Table table = tech.tablesaw.api.Table.create(mode + " simulation").addColumns(
                tech.tablesaw.api.DoubleColumn.create("time", t), tech.tablesaw.api.IntColumn.create("particle", particle),
                tech.tablesaw.api.DoubleColumn.create("weight", w));
        for (int j = 0; j < dim; j++) {
            table.addColumns(tech.tablesaw.api.DoubleColumn.create(features.get(j), x[j]));
        }
        return table;
    }

    public void writeCsv(Path file) {
        org.ruot4j.AtomicFiles.writeString(file, toCsv());
    }

    private static String fmt(double t) {
        return t == Math.rint(t) ? Long.toString((long) t) : Double.toString(t);
    }
}
