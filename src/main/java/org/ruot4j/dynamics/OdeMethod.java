package org.ruot4j.dynamics;

import java.util.Locale;
import org.ruot4j.RuotException;

/** ODE integration methods: fixed-step Euler (order 1), classical RK4 (order 4), adaptive Dormand–Prince 5(4). */
public enum OdeMethod {
    EULER, RK4, DOPRI5;

    public static OdeMethod parse(String s) {
        String k = s.trim().toUpperCase(Locale.ROOT).replace("-", "");
        return switch (k) {
            case "EULER" -> EULER;
            case "RK4" -> RK4;
            case "DOPRI5", "DOPRI", "DORMANDPRINCE" -> DOPRI5;
            default -> throw new RuotException("unknown ODE method '" + s + "'; expected euler, rk4 or dopri5");
        };
    }
}
