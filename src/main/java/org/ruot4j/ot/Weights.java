package org.ruot4j.ot;

import org.ruot4j.RuotException;

/** The checks every solver makes on a weight vector, with one wording. */
final class Weights {
    private Weights() {
    }

    /**
     * The total mass of {@code w}, after checking that it has {@code count} entries, each finite and ≥ 0, and that
     * they sum to more than 0. {@code solver} and {@code name} say in messages whose weights they are
     * (e.g. "Sinkhorn weights b").
     */
    static double checkedTotal(String solver, String name, double[] w, int count) {
        if (w.length != count) {
            throw new RuotException(solver + " weights " + name + " have length " + w.length + "; expected " + count);
        }
        double s = 0;
        for (int i = 0; i < count; i++) {
            if (!(w[i] >= 0) || Double.isInfinite(w[i])) {
                throw new RuotException(solver + " weights " + name + "[" + i + "] = " + w[i]
                        + "; expected a finite number >= 0");
            }
            s += w[i];
        }
        if (!(s > 0)) {
            throw new RuotException(solver + " weights " + name + " sum to 0; expected a positive total mass");
        }
        return s;
    }
}
