package org.ruot4j.train;

import java.util.Arrays;
import java.util.Map;
import org.ruot4j.data.Snapshots;
import org.ruot4j.data.WeightedCloud;
import org.ruot4j.dynamics.RuotModel;
import org.ruot4j.ot.Metrics;

/**
 * How a rollout stage ranks its epochs (lower is better): the stage ends with the parameters of its best epoch.
 * This is the per-epoch hook of {@link IntervalRollout}: it completes the epoch's history row with the stage's own
 * columns and returns the epoch's criterion. A validation-based criterion or an early stop belongs here.
 */
interface EpochSelection {
    /** The criterion of the starting parameters, before the first epoch of a fresh (not resumed) run. */
    double initial();

    /**
     * The criterion of the epoch just completed; adds the stage's columns to {@code terms} (the epoch's terms,
     * summed over the intervals). {@code lastInterval} holds the terms of the last interval alone.
     */
    double score(Map<String, Double> terms, Map<String, Double> lastInterval);

    /** The name of the criterion in a divergence message, when {@link #score} is not finite. */
    String term();

    /**
     * True when epoch {@code epoch} of {@code epochs} is scored; an epoch that is not is no candidate for the best
     * state (the rollout then calls no {@link #score} for it). Every epoch by default.
     */
    default boolean scores(int epoch, int epochs) {
        return true;
    }

    /**
     * True when the stage trains s and keeps its offset pinned (max s over the t0 cells = 0): the rollout pins it
     * before every interval and restores it with the parameters it belongs to.
     */
    default boolean pinsScoreOffset() {
        return false;
    }

    /** Factor on the scheduled learning rate of the coming epoch (lowered on a validation plateau). */
    default double lrFactor() {
        return 1;
    }

    /** True when the epochs' learning rate is adapted (it is then recorded in the column lr). */
    default boolean adaptive() {
        return false;
    }

    /** True when the stage should end after the epoch just scored (no improvement for its patience). */
    default boolean stop() {
        return false;
    }

    /**
     * Selection on held-back cells: the criterion is {@code Σ_k [W1_k + |Σ w(t_k) − r_k|]} over the observed times
     * k ≥ 1 for the training t0 cells pushed by the evaluation ODE (v and g, Euler, {@code evalStep}), W1_k the exact
     * OT cost (Euclidean ground cost) between the normalised predicted weights and the held-back cells of t_k. Keeps
     * {@code base}'s columns (ot_last; for the joint stage the re-pinned score_offset, without its training-cell
     * selection score) and adds the column validation. {@code stopping} sees every epoch's score: it lowers the rate
     * on a plateau and ends the stage after its patience. The joint stage also scores its starting state.
     */
    static EpochSelection heldBack(EpochSelection base, RuotModel model, Snapshots training, TrainingCells cells,
            Snapshots heldBack, double evalStep, long seed, int maxCells, EarlyStopping stopping, boolean scoresStart) {
        return new EpochSelection() {
            private boolean stop;

            @Override
            public double initial() {
                return scoresStart ? score() : Double.POSITIVE_INFINITY;
            }

            @Override
            public double score(Map<String, Double> terms, Map<String, Double> lastInterval) {
                if (base.pinsScoreOffset()) {
                    model.pinScoreOffset(training.time(0), cells.cells(0));
                    terms.put("score_offset", model.scoreOffset());
                } else {
                    terms.put("ot_last", lastInterval.getOrDefault("ot", Double.NaN));
                }
                double v = score();
                terms.put("validation", v);
                stop = stopping.observe(v) == EarlyStopping.Verdict.STOP;
                return v;
            }

            private double score() {
                // W1 and TMV only (the series' W2 would be a second exact OT problem per time, every epoch)
                Evaluator.Prediction p = Evaluator.predict(model, training, Evaluator.sample(training, maxCells, seed),
                        false, evalStep, seed);
                double total = 0;
                for (int k = 1; k < heldBack.numTimes(); k++) {
                    WeightedCloud c = p.at(k);
                    total += Metrics.w1(c.positions(), c.weights(), c.size(), heldBack.flat(k), heldBack.count(k),
                            heldBack.dim()) + Math.abs(Arrays.stream(c.weights()).sum() - heldBack.relativeMass(k));
                }
                return total;
            }

            @Override
            public String term() {
                return "validation (predicted particles)";
            }

            @Override
            public boolean pinsScoreOffset() {
                return base.pinsScoreOffset();
            }

            @Override
            public double lrFactor() {
                return stopping.lrFactor();
            }

            @Override
            public boolean adaptive() {
                return true;
            }

            @Override
            public boolean stop() {
                return stop;
            }
        };
    }

    /**
     * W1, W2 and TMV per time of the training t0 cells pushed by the evaluation ODE, against the held-back cells. At
     * most {@code maxCells} t0 cells are pushed (a fixed seeded sample, w = 1/n each; 0 = all): with 21,000 t0 cells
     * against 1,000 held-back cells in 30 dimensions one exact score took five minutes, longer than the epoch it ranks.
     */
    static MetricsReport.Series heldBackSeries(RuotModel model, Snapshots training, Snapshots heldBack, double evalStep,
            long seed, int maxCells) {
        Evaluator.Prediction p = Evaluator.predict(model, training, Evaluator.sample(training, maxCells, seed), false,
                evalStep, seed);
        return Evaluator.score(p, heldBack);
    }

    /** Σ_k [W1_k + TMV_k] over k ≥ 1. */
    static double sum(MetricsReport.Series s) {
        double total = 0;
        for (int k = 1; k < s.w1().length; k++) {
            total += s.w1()[k] + s.tmv()[k];
        }
        return total;
    }

    /** Stage 1 phase A (DESIGN.md §3.5): the lowest OT loss on the last interval. */
    static EpochSelection lastIntervalOt() {
        return pretraining(false);
    }

    /**
     * Stage 1 phase B: the lowest value of its own objective, the OT loss summed over the intervals. By the
     * last-interval rule it stopped at early epochs while its fit at t1 was still improving
     * (bench/engine/RESULTS.md).
     */
    static EpochSelection summedOt() {
        return pretraining(true);
    }

    /** The pretraining criteria; both add the column ot_last (the OT loss of the last interval). */
    private static EpochSelection pretraining(boolean summed) {
        return new EpochSelection() {
            @Override
            public double initial() {
                return Double.POSITIVE_INFINITY;
            }

            @Override
            public double score(Map<String, Double> terms, Map<String, Double> lastInterval) {
                double lastOt = lastInterval.getOrDefault("ot", Double.NaN);
                terms.put("ot_last", lastOt);
                return summed ? terms.get("ot") : lastOt;
            }

            @Override
            public String term() {
                return summed ? "ot" : "ot_last";
            }
        };
    }

    /**
     * Stage 3: {@code selection = Σ_k [OT_k + |Σ w(t_k) − r_k|]} over the observed times k ≥ 1, for all t0 cells
     * pushed by the ODE of the evaluation protocol (v and g, Euler, step {@code eval.step}); OT_k is the exact OT
     * cost with squared Euclidean ground cost between the normalised predicted weights and the uniform cells of
     * t_k. Times with more than {@code maxCells} cells (eval.max_cells; 0 = no limit) are scored on one fixed
     * seeded sample of them ({@link Evaluator#sample}), the same every epoch, so the criterion stays comparable. Scored before the first epoch too, so the stage never returns a model that fits the snapshots worse
     * than the one it started from. Adds the columns score_offset (re-pinned after the epoch) and selection. With
     * {@code every} &gt; 1 only every {@code every}-th epoch and the last are scored (and candidates).
     */
    static EpochSelection joint(RuotModel model, Snapshots data, TrainingCells cells, double evalStep, long seed,
            int maxCells, int every) {
        Evaluator.Sample sample = Evaluator.sample(data, maxCells, seed);
        return new EpochSelection() {
            /** Every {@code every}-th epoch and the last one (train.select_every). */
            @Override
            public boolean scores(int epoch, int epochs) {
                return every <= 1 || epoch % every == 0 || epoch == epochs;
            }

            @Override
            public double initial() {
                return selectionScore();
            }

            @Override
            public double score(Map<String, Double> terms, Map<String, Double> lastInterval) {
                model.pinScoreOffset(data.time(0), cells.pinCells());
                terms.put("score_offset", model.scoreOffset());
                double selection = selectionScore();
                terms.put("selection", selection);
                return selection;
            }

            @Override
            public String term() {
                return "selection (predicted particles)";
            }

            @Override
            public boolean pinsScoreOffset() {
                return true;
            }

            private double selectionScore() {
                Evaluator.Prediction p = Evaluator.predict(model, data, sample, false, evalStep, seed);
                double total = 0;
                for (int k = 1; k < data.numTimes(); k++) {
                    double[] w = p.w()[k];
                    double sum = 0;
                    for (double v : w) {
                        sum += v;
                    }
                    int[] rows = sample.rows()[k];
                    total += Metrics.squaredW2(p.x()[k], w, w.length, cells.hostRows(k, rows), rows.length,
                            data.dim()) + Math.abs(sum - data.relativeMass(k));
                }
                return total;
            }
        };
    }
}
