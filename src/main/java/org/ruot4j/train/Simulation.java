package org.ruot4j.train;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

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

    public void writeCsv(Path file) {
        TrainingHistory.writeAtomically(file, toCsv());
    }

    private static String fmt(double t) {
        return t == Math.rint(t) ? Long.toString((long) t) : Double.toString(t);
    }
}
