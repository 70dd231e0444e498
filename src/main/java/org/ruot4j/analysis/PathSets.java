package org.ruot4j.analysis;

import org.ruot4j.RuotException;
import org.ruot4j.plot.PathSet;
import org.ruot4j.train.Simulation;

/** Turns simulations into {@link PathSet}s for the trajectory and weight figures. */
public final class PathSets {
    private PathSets() {
    }

    /**
     * The paths of an ODE or SDE simulation: particle p keeps its row at every time (the solvers never reorder
     * particles), so row p of each time is one path. Branching simulations have no fixed identities and are
     * refused.
     */
    public static PathSet of(Simulation sim, String label) {
        if (sim.mode().equals("branching")) {
            throw new RuotException("paths: a branching simulation has no particle identities; simulate in ode or sde mode");
        }
        int k = sim.times().length;
        int n = sim.count(0);
        int d = sim.dim();
        for (int t = 1; t < k; t++) {
            if (sim.count(t) != n) {
                throw new RuotException("paths: time index " + t + " has " + sim.count(t) + " particles, expected " + n);
            }
        }
        double[][][] pos = new double[n][k][d];
        double[][] w = new double[n][k];
        for (int t = 0; t < k; t++) {
            double[] x = sim.positions().get(t);
            double[] wt = sim.weights().get(t);
            for (int p = 0; p < n; p++) {
                System.arraycopy(x, p * d, pos[p][t], 0, d);
                w[p][t] = wt[p];
            }
        }
        return new PathSet(label, sim.times(), pos, w);
    }
}
