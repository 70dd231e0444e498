package org.ruot4j.analysis;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import org.ruot4j.dynamics.RuotModel;
import org.ruot4j.nn.Tensors;

/** {@link Fields} of a {@link RuotModel}: host rows → one tensor → networks → float64 host arrays. */
final class ModelFields implements Fields {
    private final RuotModel model;

    ModelFields(RuotModel model) {
        this.model = model;
    }

    @Override
    public int dim() {
        return model.dim();
    }

    @Override
    public double sigma() {
        return model.hasScore() ? model.sigma() : 0;
    }

    private interface Eval {
        NDArray apply(NDArray x);
    }

    private double[] eval(double[][] x, Eval f) {
        Fields.check(x, model.dim());
        if (x.length == 0) {
            return new double[0];
        }
        int d = model.dim();
        double[] flat = new double[x.length * d];
        for (int i = 0; i < x.length; i++) {
            System.arraycopy(x[i], 0, flat, i * d, d);
        }
        try (NDManager m = model.store().manager().newSubManager(); NDScope scope = new NDScope()) {
            NDArray xa = Tensors.of(m, flat, new Shape(x.length, d)).toType(model.store().dtype(), false);
            NDArray r = f.apply(xa);
            return Tensors.toHost(r);
        }
    }

    private static double[][] rows(double[] flat, int n, int d) {
        double[][] out = new double[n][d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(flat, i * d, out[i], 0, d);
        }
        return out;
    }

    @Override
    public double[][] velocity(double t, double[][] x) {
        return rows(eval(x, xa -> model.velocity(t, xa)), x.length, model.dim());
    }

    @Override
    public double[] growth(double t, double[][] x) {
        return model.hasGrowth() ? eval(x, xa -> model.growth(t, xa)) : new double[x.length];
    }

    @Override
    public boolean hasScore() {
        return model.hasScore();
    }

    @Override
    public double[] score(double t, double[][] x) {
        return model.hasScore() ? eval(x, xa -> model.score(t, xa)) : null;
    }

    @Override
    public double[][] scoreGradient(double t, double[][] x) {
        return model.hasScore() ? rows(eval(x, xa -> model.scoreGradient(t, xa)), x.length, model.dim()) : null;
    }
}
