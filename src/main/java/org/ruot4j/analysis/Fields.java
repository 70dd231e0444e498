package org.ruot4j.analysis;

import ai.djl.ndarray.NDScope;
import org.ruot4j.RuotException;
import org.ruot4j.data.synthetic.GroundTruth;
import org.ruot4j.dynamics.RuotModel;

/**
 * The fields an analysis reads — velocity v(t, x), growth g(t, x), potential s(t, x) and its gradient ∇s(t, x) —
 * evaluated at host points {@code x[i]} (n × D, float64 out), from a fitted {@link RuotModel} or from the known
 * {@link GroundTruth} of a synthetic data set. Every analysis takes a {@code Fields}, so each one can be checked
 * on the truth and then run on a model through the same code.
 *
 * <p>For the truth, v is the SDE drift b, g = β − δ, and there is no potential (s and ∇s are null): the truth's
 * SDE drift is then v + 0 = b. For a model, the SDE drift is v + ∇s (DESIGN.md; ∇s ≈ (σ²/2)∇log p).
 */
public interface Fields {
    /** State dimension D. */
    int dim();

    /** Noise amplitude σ of the SDE (0 when the dynamics is deterministic). */
    double sigma();

    /** v(t, x_i) for every row, n × D. */
    double[][] velocity(double t, double[][] x);

    /** g(t, x_i), length n (zeros when the dynamics has no growth). */
    double[] growth(double t, double[][] x);

    /** True when {@link #score} and {@link #scoreGradient} are available. */
    boolean hasScore();

    /** s(t, x_i), length n, or null without a potential. */
    double[] score(double t, double[][] x);

    /** ∇s(t, x_i), n × D, or null without a potential. */
    double[][] scoreGradient(double t, double[][] x);

    /** The SDE drift v + ∇s (v alone without a potential), n × D. */
    default double[][] sdeDrift(double t, double[][] x) {
        double[][] v = velocity(t, x);
        double[][] gs = hasScore() ? scoreGradient(t, x) : null;
        if (gs != null) {
            for (int i = 0; i < v.length; i++) {
                for (int j = 0; j < v[i].length; j++) {
                    v[i][j] += gs[i][j];
                }
            }
        }
        return v;
    }

    /** The fields of a fitted model (each call evaluates the networks in one batch, inside an {@link NDScope}). */
    static Fields of(RuotModel model) {
        return new ModelFields(model);
    }

    /** The known dynamics of a synthetic data set: v = b, g = β − δ, no potential. */
    static Fields of(GroundTruth truth) {
        return new Fields() {
            @Override
            public int dim() {
                return truth.dim();
            }

            @Override
            public double sigma() {
                return truth.sigma(0);
            }

            @Override
            public double[][] velocity(double t, double[][] x) {
                check(x, truth.dim());
                double[][] v = new double[x.length][];
                for (int i = 0; i < x.length; i++) {
                    v[i] = truth.drift(t, x[i]);
                }
                return v;
            }

            @Override
            public double[] growth(double t, double[][] x) {
                check(x, truth.dim());
                double[] g = new double[x.length];
                for (int i = 0; i < x.length; i++) {
                    g[i] = truth.growth(t, x[i]);
                }
                return g;
            }

            @Override
            public boolean hasScore() {
                return false;
            }

            @Override
            public double[] score(double t, double[][] x) {
                return null;
            }

            @Override
            public double[][] scoreGradient(double t, double[][] x) {
                return null;
            }
        };
    }

    /** Rejects points of the wrong dimension with a one-line message. */
    static void check(double[][] x, int d) {
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != d) {
                throw new RuotException("point " + i + " has " + x[i].length + " coordinates, the dynamics has " + d);
            }
        }
    }
}
