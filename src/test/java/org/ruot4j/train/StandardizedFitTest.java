package org.ruot4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.ruot4j.Session;
import org.ruot4j.data.Snapshots;

/**
 * {@code standardize = true}: a fit does not depend on the data's units. The same cells in other units (genes ×40
 * shifted by 300, times in hours from day 2) train the same model up to the change of units: W1 and W2 scale by the
 * unit factor, TMV and the learned growth per day are the same. Without standardization the two fits differ.
 */
class StandardizedFitTest {
    private static final double SPACE = 40;
    private static final double SHIFT = 300;
    private static final double HOURS = 24;
    private static final double START = 48;

    private static Snapshots inOtherUnits(Snapshots s) {
        double[] t = new double[s.numTimes()];
        for (int k = 0; k < t.length; k++) {
            t[k] = START + HOURS * s.time(k);
        }
        return s.mapRows(s.features(), (in, out) -> {
            for (int j = 0; j < in.length; j++) {
                out[j] = SHIFT + SPACE * in[j];
            }
        }).withTimes(t);
    }

    private static MetricsReport fit(Snapshots data, boolean standardize, double sigma) {
        try (Session s = Session.create().preset("quick").config(TinyFits.TINY).config("standardize = " + standardize)
                .load(data)) {
            s.sigma(sigma);
            // the steps are in the data's time units
            double h = data.time(1) - data.time(0) > 2 ? 0.1 * HOURS : 0.1;
            s.config("step = " + h + "\neval.step = " + h + "\ntrain.step = " + h);
            s.fit();
            if (standardize) {
                assertNotNull(s.unitFrame());
            } else {
                assertNull(s.unitFrame());
            }
            return s.evaluate();
        }
    }

    @Test
    void aStandardizedFitIsTheSameInAnyUnits() {
        Snapshots days = TinyFits.toggle(60);
        Snapshots hours = inOtherUnits(days);
        // σ of the same process in the new units: dX' = 40 dX, dt' = 24 dt, so σ' = 40 σ / √24
        double sigma = 0.1;
        MetricsReport a = fit(days, true, sigma);
        MetricsReport b = fit(hours, true, sigma * SPACE / Math.sqrt(HOURS));
        for (int k = 1; k < days.numTimes(); k++) {
            assertEquals(a.ode().w1()[k] * SPACE, b.ode().w1()[k], 2e-3 * SPACE, "ODE W1 at t" + k);
            assertEquals(a.ode().w2()[k] * SPACE, b.ode().w2()[k], 2e-3 * SPACE, "ODE W2 at t" + k);
            assertEquals(a.ode().tmv()[k], b.ode().tmv()[k], 2e-3, "ODE TMV at t" + k);
        }
        // trained in hours and ×40 units directly, the same settings diverge (growth in ln w per hour, velocities of
        // 40 units a day) or at least give another fit
        double raw;
        try {
            raw = fit(hours, false, sigma * SPACE / Math.sqrt(HOURS)).ode().w1()[1];
        } catch (TrainingDivergedException e) {
            raw = Double.NaN;
        }
        assertNotEquals(b.ode().w1()[1], raw, 1e-3 * SPACE, "standardize must change a fit in other units");
    }
}
