package org.ruot4j.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ruot4j.RuotException;
import org.ruot4j.data.Snapshots;
import org.ruot4j.data.Standardizer;

/**
 * The {@code auto} preset: settings derived from a summary of the data (cells per time, dimension, time gaps, feature
 * scales) by {@link #derive}, a pure function of that summary. Every derived value comes with the reason it was
 * chosen, is printed at the start of a fit and saved with its settings, and is overridden by any key the user sets
 * explicitly ({@link TrainingConfig#setDerived}).
 *
 * <p>The rules (each a line of {@link Derived#describe()}; the measurements behind them are in bench/accuracy/RESULTS.md):
 * <ul>
 * <li>units: the fit trains in standardized units ({@code standardize}, {@link org.ruot4j.dynamics.UnitFrame}: the
 * cloud's total variance and the mean time gap become 1), so the rules below and the method's learning rates and
 * loss weights mean the same on any data; models and metrics stay in the data's units.
 * <li>σ: the user's value when given (recommended: σ is not identifiable from snapshots alone); otherwise estimated as
 * 0.1 × the median per-feature standard deviation of all cells, with a note saying so.
 * <li>step h (training, score clouds, evaluation, joint stage): 1/20 of the mean time gap, and at most 1/5 of the
 * smallest gap (every interval gets at least 5 Euler steps). The model is trained and evaluated with the same h, so
 * the field it learns is exact for that discretisation; a finer step costs time in proportion and bought no accuracy
 * (on the panel, h = gap/20 with 150 epochs fitted better than h = gap/100 with 100).
 * <li>network width by D: 128 for D ≤ 16 (the published networks), 256 above; 3 hidden layers. Above D = 32 the
 * divergence of v in the Fokker–Planck residual is the Hutchinson estimate (one Rademacher probe; {@code RuotModel}).
 * <li>cells per epoch by N: all cells while every time has at most 2000 (exact OT on all of them), otherwise a
 * random batch of 1024 per time and epoch (every cell is drawn over the epochs); score-matching samples per interval:
 * all t0 cells up to 1000.
 * <li>epochs are caps: pretraining stage A {@value #STAGE_A_STEPS} optimizer steps (150 epochs of 4 intervals, 200
 * of 3, 300 of 2), refinement 30, joint stage 20.
 * <li>held-back cells: when every time has at least 2000 cells, 10% of each time (at most 1000) are held back; every
 * stage then keeps its state with the best validation W1 + TMV, lowers its learning rate on a plateau and stops when
 * the score has not improved for {@code validation.patience} epochs. With fewer cells none are held back and states
 * are selected on the training cells: ~40–100 held-back cells per time score a fit no better than their own sampling
 * noise (their W1 stayed at 1.17 ± 0.05 while the training OT fell tenfold), stopped stages early and left the last
 * time of a panel family at 2.3× its half-split floor (0.82× with every cell training).
 * </ul>
 */
public final class AutoSettings {
    /** Name of the preset. */
    public static final String PRESET = "auto";

    /** Keys the {@code auto} preset sets before anything is derived (on top of the simulation preset's method). */
    static final Map<String, String> PRESET_OVERRIDES;

    static {
        Map<String, String> m = new LinkedHashMap<>();
        // the data's units, whatever they are (counts in the hundreds, times in hours), become O(1) for the networks
        m.put("standardize", "true");
        // the method on top of the simulation preset's (the OT loss trains g through the weights, stage A adds the
        // global mass): global mass at weight 2 and the cosine down to 1e-4 in stage A (as the quick preset: at weight
        // 3 the declining fate's growth fell to about zero, 84% sign accuracy), the reference's λ_m = 10 in the joint
        // stage (at 1 the mass of a 100-D fit drifted to 10% off)
        m.put("pretrain.lambda_mass", "2");
        m.put("pretrain.final_lr", "1e-4");
        m.put("train.lambda_mass", "10");
        // s keeps the score stage's fit (see the quick preset: trained on jointly it spoiled the SDE)
        m.put("train.score", "false");
        m.put("validation.fraction", "0.1");
        // patience and plateau are long because the validation W1 of ~10% of the cells is noisy (differences between
        // epochs of about 1% near the end of a stage): with plateau 8 the rate of stage A fell to a third of its
        // cosine schedule by epoch 60 on simulation_gene and W1 at t1 ended at .065 (bench/accuracy/RESULTS.md)
        m.put("validation.patience", "30");
        m.put("validation.plateau", "15");
        m.put("validation.lr_factor", "0.5");
        PRESET_OVERRIDES = Collections.unmodifiableMap(m);
    }

    /**
     * Cells every time must have before some are held back: fewer held-back cells score a fit no better than their own
     * sampling noise (see the class comment).
     */
    static final int MIN_CELLS_TO_HOLD_BACK = 2000;

    /**
     * Optimizer steps of pretraining stage A (it steps once per interval and epoch): 150 epochs of 4 intervals, the
     * setting measured on the panel. Counting steps rather than epochs gives data with fewer intervals the same
     * training; with 150 epochs for every data set, the 2-interval hematopoiesis fit was still improving (W1 .145 /
     * .115 at 150 epochs, .091 / .089 at 300; bench/accuracy/RESULTS.md).
     */
    static final int STAGE_A_STEPS = 600;

    private AutoSettings() {
    }

    /**
     * What the rules look at.
     *
     * @param dim D
     * @param times the observed times, increasing
     * @param counts cells per time
     * @param featureSd per-feature population standard deviation over all cells of all times
     */
    public record DataSummary(int dim, double[] times, int[] counts, double[] featureSd) {
        public DataSummary {
            if (dim < 1 || times.length < 2 || counts.length != times.length || featureSd.length != dim) {
                throw new RuotException("data summary: need D >= 1, at least two times and one count per time and one "
                        + "scale per feature (D=" + dim + ", " + times.length + " times, " + counts.length + " counts, "
                        + featureSd.length + " scales)");
            }
            times = times.clone();
            counts = counts.clone();
            featureSd = featureSd.clone();
        }

        /** The summary of some snapshots. */
        public static DataSummary of(Snapshots s) {
            double[] var = Standardizer.moments(s).variance();
            double[] sd = new double[var.length];
            for (int j = 0; j < sd.length; j++) {
                sd[j] = Math.sqrt(var[j]);
            }
            return new DataSummary(s.dim(), s.times(), s.counts(), sd);
        }

        public double minGap() {
            double g = Double.POSITIVE_INFINITY;
            for (int k = 1; k < times.length; k++) {
                g = Math.min(g, times[k] - times[k - 1]);
            }
            return g;
        }

        public double span() {
            return times[times.length - 1] - times[0];
        }

        public int maxCount() {
            return Arrays.stream(counts).max().orElse(0);
        }

        public int minCount() {
            return Arrays.stream(counts).min().orElse(0);
        }

        /** The median of the per-feature standard deviations. */
        public double medianScale() {
            double[] s = featureSd.clone();
            Arrays.sort(s);
            int n = s.length;
            return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "D=%d, %d times %s, cells per time %s, smallest gap %s, median feature sd "
                    + "%.4g", dim, times.length, Arrays.toString(times), Arrays.toString(counts), num(minGap()),
                    medianScale());
        }
    }

    /** One derived key: its value and why. */
    public record Choice(String key, String value, String why) {
    }

    /** The derived settings, in the order of the rules. */
    public record Derived(DataSummary summary, List<Choice> choices) {
        public Derived {
            choices = List.copyOf(choices);
        }

        /** key → value, in order (for fit.json). */
        public Map<String, String> asMap() {
            Map<String, String> m = new LinkedHashMap<>();
            for (Choice c : choices) {
                m.put(c.key(), c.value());
            }
            return m;
        }

        /** The derived value of {@code key}, or null. */
        public String get(String key) {
            for (Choice c : choices) {
                if (c.key().equals(key)) {
                    return c.value();
                }
            }
            return null;
        }

        /**
         * Sets every derived key the user did not set explicitly; returns the lines to print: one per key, marked
         * "(given)" where the user's value was kept.
         */
        public List<String> applyTo(TrainingConfig config) {
            List<String> lines = new ArrayList<>();
            lines.add("auto settings from the data (" + summary + "):");
            for (Choice c : choices) {
                if (config.setDerived(c.key(), c.value())) {
                    lines.add(String.format(Locale.ROOT, "  %-22s = %-8s %s", c.key(), c.value(), c.why()));
                } else if (c.why().equals("given")) {
                    lines.add(String.format(Locale.ROOT, "  %-22s = %-8s (given)", c.key(), config.get(c.key())));
                } else {
                    lines.add(String.format(Locale.ROOT, "  %-22s = %-8s (given; auto would be %s)", c.key(),
                            config.get(c.key()), c.value()));
                }
            }
            return lines;
        }

        /** One line per derived key. */
        public String describe() {
            StringBuilder sb = new StringBuilder("auto settings from the data (" + summary + "):\n");
            for (Choice c : choices) {
                sb.append(String.format(Locale.ROOT, "  %-22s = %-8s %s%n", c.key(), c.value(), c.why()));
            }
            return sb.toString();
        }
    }

    /**
     * The settings for data with this summary. {@code sigma} is the user's σ, or null when none was given (then σ is
     * estimated, and the note says so).
     */
    public static Derived derive(DataSummary s, Double sigma) {
        List<Choice> out = new ArrayList<>();
        if (sigma != null) {
            out.add(new Choice("sigma", num(sigma), "given"));
        } else {
            double est = round2(0.1 * s.medianScale());
            if (!(est > 0)) {
                est = 0.1;
            }
            out.add(new Choice("sigma", num(est), "ESTIMATED as 0.1 x median feature sd (σ is not identifiable from "
                    + "snapshots; give --sigma)"));
        }

        double meanGap = s.span() / (s.times().length - 1);
        double h = round2(Math.min(meanGap / 20, s.minGap() / 5));
        String hs = num(h);
        String why = "1/20 of the mean time gap " + num(meanGap) + ", at most 1/5 of the smallest " + num(s.minGap());
        out.add(new Choice("step", hs, why));
        out.add(new Choice("eval.step", hs, "= step (a field fitted with step h is evaluated with h)"));
        out.add(new Choice("train.step", hs, "= step"));

        int width = s.dim() <= 16 ? 128 : 256;
        String ws = Integer.toString(width);
        String wwhy = s.dim() <= 16 ? "D = " + s.dim() + " <= 16: the published width"
                : "D = " + s.dim() + " > 16: wider networks" + (s.dim() > 32 ? "; Hutchinson divergence (D > 32)" : "");
        out.add(new Choice("width", ws, wwhy));
        out.add(new Choice("growth_width", ws, "= width"));
        out.add(new Choice("score_width", ws, "= width"));

        int maxN = s.maxCount();
        if (maxN <= 2000) {
            out.add(new Choice("batch", "0", "all cells per epoch (at most " + maxN + " per time)"));
        } else {
            out.add(new Choice("batch", "1024", "up to " + maxN + " cells per time: 1024 drawn per time and epoch"));
        }
        int n0 = s.counts()[0];
        out.add(new Choice("score.batch", Integer.toString(Math.min(n0, 1000)), "score-matching samples per interval: "
                + "the t0 cells, at most 1000"));

        int intervals = s.times().length - 1;
        int epochsA = (STAGE_A_STEPS + intervals - 1) / intervals;
        out.add(new Choice("pretrain.epochs", Integer.toString(epochsA), "cap: " + STAGE_A_STEPS
                + " optimizer steps (one per interval and epoch) over " + intervals + " interval"
                + (intervals == 1 ? "" : "s")));
        out.add(new Choice("pretrain.refine_epochs", "30", "cap"));
        out.add(new Choice("train.epochs", "20", "cap"));

        if (s.minCount() < MIN_CELLS_TO_HOLD_BACK) {
            out.add(new Choice("validation.fraction", "0", "a time has only " + s.minCount() + " cells (< "
                    + MIN_CELLS_TO_HOLD_BACK + "): none held back, states selected on the training cells"));
        } else {
            double f = Math.min(0.1, 1000.0 / maxN);
            out.add(new Choice("validation.fraction", num(round2sig(f)), "held back at every time to select and stop "
                    + "(10%, at most 1000 cells per time)"));
        }
        return new Derived(s, out);
    }

    /** The settings for {@code data}, with σ given when {@code config} has it explicitly (apply them with {@link Derived#applyTo}). */
    public static Derived forData(TrainingConfig config, Snapshots data) {
        Double sigma = config.isExplicit("sigma") ? config.sigma() : null;
        return derive(DataSummary.of(data), sigma);
    }

    private static double round2(double x) {
        return round2sig(x);
    }

    /** x rounded to two significant digits (the printed settings stay readable). */
    static double round2sig(double x) {
        if (x == 0 || !Double.isFinite(x)) {
            return x;
        }
        double mag = Math.pow(10, Math.floor(Math.log10(Math.abs(x))) - 1);
        return Math.round(x / mag) * mag;
    }

    static String num(double x) {
        if (x == Math.rint(x) && Math.abs(x) < 1e9) {
            return Long.toString((long) x);
        }
        String s = String.format(Locale.ROOT, "%.6g", x);
        if (s.contains(".") && !s.contains("e")) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s;
    }
}
