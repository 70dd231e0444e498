package org.ruot4j.dynamics;

import java.util.function.DoubleConsumer;

/**
 * Reports the fixed steps the ODE/SDE solvers take on the current thread to a listener, so a long simulation can
 * show progress without every caller (Session, Evaluator, the CLI) passing a callback through. Outside
 * {@link #during} a step costs one thread-local read.
 */
public final class StepProgress {
    private static final ThreadLocal<DoubleConsumer> LISTENER = new ThreadLocal<>();

    private StepProgress() {
    }

    /** Runs {@code body} with {@code onStep} told the time at the start of every solver step taken meanwhile. */
    public static <T> T during(DoubleConsumer onStep, java.util.function.Supplier<T> body) {
        DoubleConsumer previous = LISTENER.get();
        LISTENER.set(onStep);
        try {
            return body.get();
        } finally {
            if (previous == null) {
                LISTENER.remove();
            } else {
                LISTENER.set(previous);
            }
        }
    }

    /** Called by the solvers once per step, with the time the step starts from. */
    static void step(double t) {
        DoubleConsumer l = LISTENER.get();
        if (l != null) {
            l.accept(t);
        }
    }
}
