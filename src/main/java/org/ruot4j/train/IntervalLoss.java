package org.ruot4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.ruot4j.dynamics.ParticleState;
import org.ruot4j.dynamics.RuotModel;
import org.ruot4j.nn.Divergence;
import org.ruot4j.nn.Mlp;
import org.ruot4j.nn.MlpOutput;
import org.ruot4j.nn.Tensors;
import org.ruot4j.nn.Want;
import org.ruot4j.ot.SinkhornDivergence;

/**
 * The loss of one interval [t_k, t_{k+1}] of a rollout, assembled from the named terms of DESIGN.md §3.4 at the
 * particles x, w = exp(ln w) (and energy m) reached at t_{k+1} and the cells y of t_{k+1}:
 * <pre>
 *   loss = λ_ot L_ot + λ_m (L_loc [+ L_glob]) + λ_e L_e + λ_pinn R + λ_init L_init
 * </pre>
 * where each stage switches its terms on in {@link Weights}. Every term's value goes into the interval's row under
 * its history.csv name (ot, mass_local, mass_global, energy, fokker_planck, init_density, loss).
 */
final class IntervalLoss {
    /**
     * Which terms enter the loss, and their weights.
     *
     * @param mass       L_loc enters (weight λ_m)
     * @param globalMass L_glob enters too (in the same λ_m bracket); only with {@code mass}
     * @param energy     L_e = mean of m at t_{k+1} enters (weight λ_e); the rollout then integrates m
     * @param pinn       R (Fokker–Planck residual at the cells of t_{k+1}) and L_init (t0 density) enter
     */
    record Weights(double lambdaOt, boolean mass, double lambdaMass, boolean globalMass, boolean energy,
            double lambdaEnergy, boolean pinn, double lambdaPinn, double lambdaInit) {

        /** Pretraining: the mass terms only when λ_m > 0, the energy w(‖v‖² + g²) only when λ_e > 0. */
        static Weights pretraining(double lambdaOt, double lambdaMass, boolean globalMass, double lambdaEnergy) {
            boolean mass = lambdaMass > 0;
            return new Weights(lambdaOt, mass, lambdaMass, mass && globalMass, lambdaEnergy > 0, lambdaEnergy, false,
                    0, 0);
        }

        /** Joint stage: every term, R and L_init only when the model has a score network. */
        static Weights joint(double lambdaOt, double lambdaMass, double lambdaEnergy, double lambdaPinn,
                double lambdaInit, boolean withScore) {
            return new Weights(lambdaOt, true, lambdaMass, true, true, lambdaEnergy, withScore, lambdaPinn,
                    lambdaInit);
        }
    }

    private final RuotModel model;
    private final TrainingCells cells;
    private final StageSettings.Common common;
    private final Weights weights;
    /** p̂0 at the t0 cells (L_init's target); null without {@code pinn}. */
    private final double[] p0;
    private final double t0;
    /** The t0 cells of L_init this epoch: null (all of them) while they fit in max_batch, else the epoch's t0 batch. */
    private int[] initRows;

    IntervalLoss(RuotModel model, TrainingCells cells, double t0, StageSettings.Common common, Weights weights,
            double[] p0) {
        this.model = model;
        this.cells = cells;
        this.t0 = t0;
        this.common = common;
        this.weights = weights;
        this.p0 = p0;
    }

    Weights weights() {
        return weights;
    }

    /**
     * The rows of this epoch's particles at t0: L_init is evaluated at all t0 cells while there are at most
     * max_batch of them, else at these rows (which cycle through every t0 cell over the epochs), so that it costs a
     * forward pass of the batch size, not of N0.
     */
    void startEpoch(int[] idx0) {
        int n0 = (int) cells.cells(0).getShape().get(0);
        initRows = cells.maxBatch() == 0 || n0 <= cells.maxBatch() ? null : idx0;
    }

    /**
     * The interval's loss at the particles {@code end} (weights {@code w}) against the cells {@code y} (host copy
     * {@code yh}) of time {@code t} with relative mass {@code r}; each term's value is put into {@code terms}.
     * {@code rng} is the epoch's stream (the Hutchinson probe of div v in high dimension).
     */
    NDArray assemble(ParticleState end, NDArray w, NDArray y, double[] yh, double r, double t, SplittableRandom rng,
            Map<String, Double> terms) {
        NDArray ot = otLoss(end.x(), w, y, yh);
        terms.put("ot", scalar(ot));
        NDArray loss = Tensors.scale(ot, weights.lambdaOt());
        if (weights.mass()) {
            NDArray mass = Losses.localMass(end.x(), w, yh, r);
            terms.put("mass_local", scalar(mass));
            if (weights.globalMass()) {
                NDArray glob = Losses.globalMass(w, r);
                terms.put("mass_global", scalar(glob));
                mass = mass.add(glob);
            }
            loss = loss.add(Tensors.scale(mass, weights.lambdaMass()));
        }
        if (weights.energy()) {
            NDArray en = Losses.energy(end.m());
            terms.put("energy", scalar(en));
            loss = loss.add(Tensors.scale(en, weights.lambdaEnergy()));
        }
        if (weights.pinn()) {
            NDArray fp = fokkerPlanck(t, y, rng);
            NDArray init = initialDensity();
            terms.put("fokker_planck", scalar(fp));
            terms.put("init_density", scalar(init));
            loss = loss.add(Tensors.scale(fp, weights.lambdaPinn())).add(Tensors.scale(init, weights.lambdaInit()));
        }
        terms.put("loss", scalar(loss));
        return loss;
    }

    /**
     * L_ot chosen by {@code ot}: the exact plan cost ({@link Losses#ot}, through the weights too when
     * {@code ot_weight_gradient}) or the debiased Sinkhorn divergence S_ε with cost ½‖x − y‖², differentiable in
     * positions and weights (DESIGN.md §3.4, for large batches).
     */
    private NDArray otLoss(NDArray x, NDArray w, NDArray y, double[] yh) {
        if (common.sinkhorn()) {
            return SinkhornDivergence.divergence(x, w.reshape(-1), y, null, common.otEpsilon(),
                    SinkhornDivergence.DEFAULT_MAX_ITERATIONS, SinkhornDivergence.DEFAULT_TOLERANCE,
                    SinkhornDivergence.DEFAULT_CHECK_EVERY);
        }
        return Losses.ot(x, w, y, yh, common.otWeightGradient());
    }

    /** R at the cells y of time t, with the pinned potential s − c (DESIGN.md §3.4). */
    private NDArray fokkerPlanck(double t, NDArray y, SplittableRandom rng) {
        MlpOutput so = model.scoreNet().forward(t, y, Want.timeAndGradient(), null);
        NDArray probe = null;
        if (model.divergenceMethod() == Divergence.HUTCHINSON) {
            probe = Mlp.rademacher(y.getManager(), (int) y.getShape().get(0), (int) y.getShape().get(1),
                    y.getDataType(), new Random(rng.nextLong()));
        }
        MlpOutput vo = model.velocityNet().forward(t, y, Want.divergence(model.divergenceMethod()), probe);
        NDArray g = model.growth(t, y);
        return Losses.fokkerPlanck(so.value().sub(model.scoreOffset()), so.dt(), so.gradX(), vo.value(), vo.div(), g,
                model.sigma());
    }

    /** L_init at the t0 cells (all, or this epoch's rows, see {@link #startEpoch}) against p̂0. */
    private NDArray initialDensity() {
        NDArray x = initRows == null ? cells.cells(0) : cells.rows(0, initRows);
        double[] target = p0;
        if (initRows != null) {
            target = new double[initRows.length];
            for (int i = 0; i < initRows.length; i++) {
                target[i] = p0[initRows[i]];
            }
        }
        NDArray s = model.scoreNet().forward(t0, x, Want.valueOnly(), null).value().sub(model.scoreOffset());
        return Losses.initialDensity(s, target, model.sigma());
    }

    static double scalar(NDArray a) {
        return a.stopGradient().toType(DataType.FLOAT64, false).getDouble();
    }
}
