package org.ruot4j.data.synthetic;

import java.util.Map;
import org.ruot4j.data.Snapshots;

/**
 * A generated data set together with the truth that made it.
 *
 * @param snapshots the sampled cells per time (its relative masses equal {@code trueRelativeMasses})
 * @param truth the drift, growth and noise of the generating process
 * @param trueRelativeMasses the population size at each time divided by the size at t0 (the population's,
 *     not the sample's: they differ when the sample is capped)
 * @param parameters every setting of the generator, by name (values are Number, String or List of Double), so
 *     a data set can be described and regenerated
 */
public record SyntheticDataset(Snapshots snapshots, GroundTruth truth, double[] trueRelativeMasses,
        Map<String, Object> parameters) {

    public SyntheticDataset {
        trueRelativeMasses = trueRelativeMasses.clone();
        parameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
    }

    @Override
    public double[] trueRelativeMasses() {
        return trueRelativeMasses.clone();
    }

    @Override
    public String toString() {
        return "SyntheticDataset[" + snapshots + ", trueRelativeMasses=" + java.util.Arrays.toString(trueRelativeMasses)
                + ", parameters=" + parameters + "]";
    }
}
