package org.ruot4j.train;

import org.ruot4j.dynamics.OdeMethod;
import org.ruot4j.dynamics.OdeOptions;
import org.ruot4j.nn.Adam;
import org.ruot4j.nn.AdamW;
import org.ruot4j.nn.LrSchedule;
import org.ruot4j.nn.Optimizer;
import org.ruot4j.nn.Sgd;

/**
 * The {@link TrainingConfig} keys each stage uses, as typed records read once when the stage starts (a key set
 * between two stages applies from the next stage on).
 */
final class StageSettings {
    private StageSettings() {
    }

    /**
     * Keys shared by the stages: the pretraining step h (also the score stage's cloud push), the ODE method, the
     * cells per time and epoch, the optimizer, the OT loss and the evaluation step of the joint selection.
     */
    record Common(long seed, double step, String solver, int batch, String optimizer, double weightDecay, String ot,
            double otEpsilon, boolean otWeightGradient, double initVariance, double evalStep) {
        static Common from(TrainingConfig c) {
            return new Common(c.seed(), c.getDouble("step"), c.get("solver"), c.getInt("batch"), c.get("optimizer"),
                    c.getDouble("weight_decay"), c.get("ot"), c.getDouble("ot_epsilon"), c.getBool("ot_weight_gradient"),
                    c.getDouble("init_variance"), c.getDouble("eval.step"));
        }

        /** The optimizer of the pretraining phases and the joint stage, at rate {@code lr}. */
        Optimizer optimizer(double lr) {
            return switch (optimizer) {
                case "adamw" -> new AdamW(lr, 0.9, 0.999, 1e-8, weightDecay == 0 ? 0.01 : weightDecay);
                case "sgd" -> new Sgd(lr, 0.9, weightDecay);
                default -> new Adam(lr, 0.9, 0.999, 1e-8, weightDecay);
            };
        }

        /** The training ODE with step {@code h} (dopri5: adaptive, with its tolerances). */
        OdeOptions ode(double h) {
            OdeMethod m = OdeMethod.parse(solver);
            return m == OdeMethod.DOPRI5 ? new OdeOptions(m, h, 1e-4, 1e-6) : new OdeOptions(m, h, 1e-5, 1e-6);
        }

        boolean sinkhorn() {
            return ot.equals("sinkhorn");
        }
    }

    /**
     * What the trainer reads once when it is built: the held-back fraction and its early stopping (validation.*), the
     * cells of one OT problem (max_batch) and of the joint stage's selection score (eval.max_cells), the evaluation
     * step and the seed.
     */
    record Selection(double validationFraction, int patience, int plateau, double lrFactor, int maxBatch,
            int evalMaxCells, double evalStep, long seed) {
        static Selection from(TrainingConfig c) {
            return new Selection(c.getDouble("validation.fraction"), c.getInt("validation.patience"),
                    c.getInt("validation.plateau"), c.getDouble("validation.lr_factor"), c.getInt("max_batch"),
                    c.getInt("eval.max_cells"), c.getDouble("eval.step"), c.seed());
        }

        EarlyStopping earlyStopping() {
            return new EarlyStopping(patience, plateau, lrFactor);
        }
    }

    /** Stage 1: phase A (v, g by OT + mass [+ energy]) and phase B (v by OT, g frozen). */
    record Pretrain(int epochs, double lr, String schedule, double finalLr, double lambdaOt, double lambdaMass,
            boolean globalMass, double lambdaEnergy, int refineEpochs, double refineLr, double refineFinalLr) {
        static Pretrain from(TrainingConfig c) {
            return new Pretrain(c.getInt("pretrain.epochs"), c.getDouble("pretrain.lr"), c.get("pretrain.schedule"),
                    c.getDouble("pretrain.final_lr"), c.getDouble("pretrain.lambda_ot"),
                    c.getDouble("pretrain.lambda_mass"), c.getBool("pretrain.global_mass"),
                    c.getDouble("pretrain.lambda_energy"), c.getInt("pretrain.refine_epochs"),
                    c.getDouble("pretrain.refine_lr"), c.getDouble("pretrain.refine_final_lr"));
        }

        /**
         * Phase A's rate: constant, or cosine-annealed from lr (epoch 1) to final_lr (last epoch). With a constant
         * 1e-3 the OT loss kept oscillating by a factor 3 between epochs, so the best state was a matter of luck; the
         * end rate is its own key (not refine_lr), so phase B may run at a higher rate than the end of phase A
         * without making phase A end noisier (bench/engine/RESULTS.md, 2026-11-28 tune2).
         */
        LrSchedule scheduleA() {
            return schedule.equals("cosine") ? LrSchedule.cosine(lr, Math.max(1, epochs - 1), Math.min(lr, finalLr))
                    : LrSchedule.constant(lr);
        }

        /**
         * Phase B's rate: constant, or cosine-decayed to refine_final_lr when that is > 0. A rate high enough to keep
         * improving the fit at t1 oscillates at constant value; the decay lets the last epochs settle
         * (bench/engine/RESULTS.md).
         */
        LrSchedule scheduleB() {
            return refineFinalLr > 0
                    ? LrSchedule.cosine(refineLr, Math.max(1, refineEpochs - 1), Math.min(refineLr, refineFinalLr))
                    : LrSchedule.constant(refineLr);
        }

        /** Phase A: λ_ot L_ot + λ_m (L_loc [+ L_glob]) [+ λ_e L_e]; the mass terms only when λ_m > 0. */
        IntervalLoss.Weights weightsA() {
            return IntervalLoss.Weights.pretraining(lambdaOt, lambdaMass, globalMass, lambdaEnergy);
        }

        /** Phase B: L_ot alone. */
        IntervalLoss.Weights weightsB() {
            return IntervalLoss.Weights.pretraining(1.0, 0.0, false, 0.0);
        }
    }

    /** Stage 2: SF2M score matching. */
    record Score(int iterations, double lr, int batch, double lambdaPenalty) {
        static Score from(TrainingConfig c) {
            return new Score(c.getInt("score.iterations"), c.getDouble("score.lr"), c.getInt("score.batch"),
                    c.getDouble("score.lambda_penalty"));
        }

        /** Bridge samples per interval and iteration: score.batch, or all n0 t0 cells when it is 0. */
        int samplesPerInterval(int n0) {
            return batch == 0 ? n0 : batch;
        }
    }

    /** Stage 3: v, g, s jointly. */
    record Joint(int epochs, double lr, double step, int schedulerStep, double schedulerGamma, double lambdaOt,
            double lambdaMass, double lambdaEnergy, double lambdaPinn, double lambdaInit, boolean trainScore,
            int selectEvery, double selectStep) {
        static Joint from(TrainingConfig c) {
            return new Joint(c.getInt("train.epochs"), c.getDouble("train.lr"), c.getDouble("train.step"),
                    c.getInt("train.scheduler_step"), c.getDouble("train.scheduler_gamma"),
                    c.getDouble("train.lambda_ot"), c.getDouble("train.lambda_mass"),
                    c.getDouble("train.lambda_energy"), c.getDouble("train.lambda_pinn"),
                    c.getDouble("train.lambda_init"), c.getBool("train.score"), c.getInt("train.select_every"),
                    c.getDouble("train.select_step"));
        }

        /** The step of the selection's evaluation ODE: train.select_step, or eval.step when that is 0. */
        double selectionStep(double evalStep) {
            return selectStep > 0 ? selectStep : evalStep;
        }

        /** Constant, or StepLR (× gamma every scheduler_step epochs). */
        LrSchedule schedule() {
            return schedulerStep == 0 ? LrSchedule.constant(lr) : LrSchedule.step(lr, schedulerStep, schedulerGamma);
        }

        /** λ_ot L_ot + λ_m (L_loc + L_glob) + λ_e L_e [+ λ_pinn R + λ_init L_init when the model has s]. */
        IntervalLoss.Weights weights(boolean withScore) {
            return IntervalLoss.Weights.joint(lambdaOt, lambdaMass, lambdaEnergy, lambdaPinn, lambdaInit, withScore);
        }
    }
}
