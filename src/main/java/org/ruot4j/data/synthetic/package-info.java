/**
 * Synthetic cell populations with known dynamics, so tests can score how well a fitted model recovers the
 * drift, growth and noise: {@link org.ruot4j.data.synthetic.ToggleSwitch} (a two-gene toggle switch with
 * branching, the data of {@code ruot4j quickstart}) and {@link org.ruot4j.data.synthetic.GaussianMixturePopulation}
 * (moving, growing Gaussian components in 10 to 100 dimensions). Each returns a
 * {@link org.ruot4j.data.synthetic.SyntheticDataset}: the snapshots and the {@link org.ruot4j.data.synthetic.GroundTruth}.
 */
package org.ruot4j.data.synthetic;
