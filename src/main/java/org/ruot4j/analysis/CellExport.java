package org.ruot4j.analysis;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ruot4j.RuotException;
import org.ruot4j.data.CellNames;
import org.ruot4j.data.H5adWriter;
import org.ruot4j.data.Snapshots;
import org.ruot4j.dynamics.RuotModel;
import org.ruot4j.train.MetricsReport;
import org.ruot4j.train.TrainingConfig;

/**
 * The per-cell results of a fitted model on its snapshots, for the tools biologists already use (scanpy, scVelo
 * style): every observed cell x_i at its own time t_i gets
 * <ul>
 * <li>the growth rate g(x_i, t_i) (per unit time; > 0 proliferating, &lt; 0 dying),
 * <li>the velocity v(x_i, t_i) (the probability-flow field of the continuity equation) and the SDE drift
 * b = v + ∇s (∇s ≈ (σ²/2)∇log p; b = v for a model without noise),
 * <li>fate probabilities at the last observed time t_K ({@link FateProbabilities}, k-means fates of the t_K cells,
 * unweighted: R SDE paths per cell from (x_i, t_i)); a cell at t_K has probability 1 for its own fate.
 * </ul>
 * written as AnnData ({@link H5adWriter}): {@code obs} = time, {@code ruot4j_growth}, {@code ruot4j_fate} (most likely)
 * and {@code ruot4j_fate_probability_<f>}; {@code obsm} = {@code ruot4j_velocity}, {@code ruot4j_drift},
 * {@code ruot4j_coordinates}; {@code X} = the coordinates with the feature names as var; {@code uns['ruot4j']} =
 * settings, metrics, fates. Rows are in the snapshots' order (time by time), named by {@link CellNames}.
 */
public final class CellExport {
    /**
     * @param fates number of k-means fates at the last time (0: no fate probabilities)
     * @param pathsPerCell SDE paths per cell for the fate probabilities
     * @param step Euler–Maruyama step of those paths
     * @param seed seed of the k-means and of the paths
     */
    public record Options(int fates, int pathsPerCell, double step, long seed) {
        public Options {
            if (fates == 1 || fates < 0) {
                throw new RuotException("--fates: expected 0 (none) or at least 2 fates, got " + fates);
            }
            if (pathsPerCell < 1) {
                throw new RuotException("--paths: expected at least 1 path per cell, got " + pathsPerCell);
            }
        }

        /** Two fates, 20 paths per cell, step 0.02, seed 1. */
        public static Options defaults() {
            return new Options(2, 20, 0.02, 1);
        }
    }

    /** The per-cell values, rows in the snapshots' order. */
    public record Cells(double[] time, double[][] coordinates, double[] growth, double[][] velocity, double[][] drift,
            List<String> fates, double[][] fateProbability) {
    }

    private CellExport() {
    }

    /** Evaluates the fields at every cell and, when asked, the fate probabilities. */
    public static Cells compute(Fields fields, Snapshots data, Options o) {
        int n = data.totalCount();
        double[] time = new double[n];
        double[][] x = new double[n][];
        double[] g = new double[n];
        double[][] v = new double[n][];
        double[][] b = new double[n][];
        int row = 0;
        for (int k = 0; k < data.numTimes(); k++) {
            double t = data.time(k);
            double[][] cells = data.points(k);
            double[] gk = fields.growth(t, cells);
            double[][] vk = fields.velocity(t, cells);
            double[][] bk = fields.sdeDrift(t, cells);
            for (int i = 0; i < cells.length; i++, row++) {
                time[row] = t;
                x[row] = cells[i];
                g[row] = gk[i];
                v[row] = vk[i];
                b[row] = bk[i];
            }
        }
        List<String> fates = List.of();
        double[][] p = null;
        int last = data.numTimes() - 1;
        if (o.fates() >= 2) {
            FateProbabilities.Labels labels = FateProbabilities.kMeansLabels(data, o.fates(), o.seed());
            fates = labels.fates();
            p = new double[n][];
            row = 0;
            FateProbabilities.Options fo = new FateProbabilities.Options(o.pathsPerCell(), o.step(), o.seed(), false);
            for (int k = 0; k < last; k++) {
                double[][] pk = FateProbabilities.compute(fields, data.time(k), data.points(k), data, labels, fo)
                        .probability();
                for (double[] r : pk) {
                    p[row++] = r;
                }
            }
            for (int i = 0; i < data.count(last); i++) {
                double[] r = new double[fates.size()];
                r[fates.indexOf(labels.labels()[i])] = 1; // at t_K a cell is in its own fate
                p[row++] = r;
            }
        }
        return new Cells(time, x, g, v, b, fates, p);
    }

    /** Computes the results of {@code model} on {@code data} and writes them to {@code file} atomically. */
    public static Cells write(Path file, RuotModel model, Snapshots data, TrainingConfig config, MetricsReport metrics,
            String[][] names, Options o) {
        if (model.dim() != data.dim()) {
            throw new RuotException(data.source() + ": data have " + data.dim() + " dimensions but the model has "
                    + model.dim());
        }
        Cells c = compute(Fields.of(model), data, o);
        String[] obsNames = CellNames.unique(CellNames.flat(names));
        if (obsNames.length != c.time().length) {
            throw new RuotException("cell names: " + obsNames.length + " names for " + c.time().length + " cells");
        }
        H5adWriter w = new H5adWriter(obsNames).obs("time", c.time()).obs("ruot4j_growth", c.growth());
        if (c.fateProbability() != null) {
            String[] most = new String[obsNames.length];
            for (int i = 0; i < most.length; i++) {
                int best = 0;
                for (int f = 1; f < c.fates().size(); f++) {
                    if (c.fateProbability()[i][f] > c.fateProbability()[i][best]) {
                        best = f;
                    }
                }
                most[i] = c.fates().get(best);
            }
            w.obs("ruot4j_fate", most);
            for (int f = 0; f < c.fates().size(); f++) {
                double[] col = new double[obsNames.length];
                for (int i = 0; i < col.length; i++) {
                    col[i] = c.fateProbability()[i][f];
                }
                w.obs("ruot4j_fate_probability_" + (f + 1), col);
            }
        }
        w.x(data.features(), c.coordinates()).obsm("ruot4j_velocity", c.velocity()).obsm("ruot4j_drift", c.drift())
                .obsm("ruot4j_coordinates", c.coordinates());
        w.uns("ruot4j", uns(model, data, config, metrics, names, c, o));
        w.write(file);
        return c;
    }

    private static Map<String, Object> uns(RuotModel model, Snapshots data, TrainingConfig config,
            MetricsReport metrics, String[][] names, Cells c, Options o) {
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("software", "ruot4j 0.1.0");
        u.put("method", "DeepRUOT: regularized unbalanced optimal transport (Zhang, Li, Zhou, ICLR 2025)");
        u.put("source", data.source());
        u.put("features", data.features().toArray(new String[0]));
        u.put("times", data.times());
        u.put("relative_mass", data.relativeMasses());
        u.put("sigma", model.sigma());
        u.put("growth", model.hasGrowth());
        u.put("noise", model.hasScore());
        u.put("preset", config.presetName());
        u.put("config", new LinkedHashMap<>(config.asMap()));
        u.put("obs_names", names.length > 0 && names[0].length > 0
                && names[0][0].equals(CellNames.madeUp(data)[0][0]) ? "made up as t<time>_<i> (the input has no cell names)"
                : "the input's obs_names");
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("ruot4j_growth", "g(x, t) at each cell's own time (per unit time; > 0 proliferating, < 0 dying)");
        fields.put("ruot4j_velocity", "v(x, t), the velocity of the continuity equation dp/dt = -div(p v) + g p");
        fields.put("ruot4j_drift", "b = v + grad s, the drift of the SDE dX = b dt + sigma dW");
        fields.put("ruot4j_coordinates", "the coordinates the model was fitted on (also X, with the features as var)");
        u.put("fields", fields);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("times", metrics.times());
        for (String mode : new String[] {"ode", "sde"}) {
            MetricsReport.Series s = mode.equals("ode") ? metrics.ode() : metrics.sde();
            Map<String, Object> sm = new LinkedHashMap<>();
            sm.put("w1", s.w1());
            sm.put("w2", s.w2());
            sm.put("tmv", s.tmv());
            m.put(mode, sm);
        }
        u.put("metrics", m);
        if (c.fateProbability() != null) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("names", c.fates().toArray(new String[0]));
            f.put("end_time", data.time(data.numTimes() - 1));
            f.put("clusters", "k-means (k-means++, seeded) of the cells at the last time");
            f.put("paths_per_cell", o.pathsPerCell());
            f.put("step", o.step());
            f.put("seed", o.seed());
            f.put("columns", "obs ruot4j_fate_probability_<f> is P(fate f = names[f-1]); ruot4j_fate the most likely");
            u.put("fates", f);
        }
        return u;
    }
}
