package org.ruot4j.data.synthetic;

import java.util.ArrayList;
import java.util.List;
import org.ruot4j.RuotException;

/** Validation shared by the generators; every failure is a one-line RuotException naming the setting. */
final class Settings {
    private Settings() {
    }

    static double[] times(String generator, double[] times) {
        if (times == null || times.length < 2) {
            throw new RuotException(generator + ": times: expected at least 2 time points, got "
                    + (times == null ? 0 : times.length));
        }
        for (int k = 0; k < times.length; k++) {
            if (!Double.isFinite(times[k])) {
                throw new RuotException(generator + ": times: value " + (k + 1) + " is " + times[k]
                        + ", expected a finite number");
            }
            if (k > 0 && !(times[k] > times[k - 1])) {
                throw new RuotException(generator + ": times: expected strictly increasing values, got " + times[k - 1]
                        + " then " + times[k]);
            }
        }
        return times.clone();
    }

    static int atLeast(String generator, String field, int value, int min) {
        if (value < min) {
            throw new RuotException(generator + ": " + field + ": expected at least " + min + ", got " + value);
        }
        return value;
    }

    static double nonNegative(String generator, String field, double value) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new RuotException(generator + ": " + field + ": expected a finite number >= 0, got " + value);
        }
        return value;
    }

    static double positive(String generator, String field, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new RuotException(generator + ": " + field + ": expected a finite number > 0, got " + value);
        }
        return value;
    }

    static double finite(String generator, String field, double value) {
        if (!Double.isFinite(value)) {
            throw new RuotException(generator + ": " + field + ": expected a finite number, got " + value);
        }
        return value;
    }

    static double[] finiteVector(String generator, String field, double[] v, int dim) {
        if (v == null || v.length != dim) {
            throw new RuotException(generator + ": " + field + ": expected " + dim + " values, got "
                    + (v == null ? 0 : v.length));
        }
        for (int j = 0; j < dim; j++) {
            finite(generator, field + "[" + j + "]", v[j]);
        }
        return v.clone();
    }

    static List<Double> list(double[] v) {
        List<Double> l = new ArrayList<>(v.length);
        for (double x : v) {
            l.add(x);
        }
        return List.copyOf(l);
    }

    static List<String> featureNames(int dim) {
        List<String> f = new ArrayList<>(dim);
        for (int j = 1; j <= dim; j++) {
            f.add("x" + j);
        }
        return f;
    }
}
