/**
 * What a biologist does with a fitted RUOT model, as small single-purpose classes with plain arrays and
 * Tablesaw tables out, and a chart method that feeds {@link org.ruot4j.plot.Figures}.
 *
 * <ul>
 *   <li>{@link org.ruot4j.analysis.Fields}: v, g, s, ∇s at host points, from a {@link org.ruot4j.dynamics.RuotModel}
 *       or from the {@link org.ruot4j.data.synthetic.GroundTruth} of synthetic data — every analysis runs on either,
 *       which is how the analyses are tested against known answers.</li>
 *   <li>{@link org.ruot4j.analysis.GrowthMap}: g at every cell; proliferating, balanced or dying.</li>
 *   <li>{@link org.ruot4j.analysis.Landscape}: −s on a grid of a feature or PCA plane with ∇s arrows.</li>
 *   <li>{@link org.ruot4j.analysis.DriftFields}: v, ∇s and v + ∇s at cells; streamlines of the SDE drift.</li>
 *   <li>{@link org.ruot4j.analysis.FateProbabilities}: SDE paths from each cell to the last time, end points
 *       labelled by k-means or user labels; rows sum to 1.</li>
 *   <li>{@link org.ruot4j.analysis.GeneRegulation}: the mean Jacobian ∂v_i/∂x_j over a state's cells (central
 *       differences), optionally mapped from PCA to genes, as a signed interaction table.</li>
 *   <li>{@link org.ruot4j.analysis.GeneTrends}: one feature along simulated paths: weighted mean, sd, quantiles.</li>
 *   <li>{@link org.ruot4j.analysis.FitComparison}: metrics of several fits side by side.</li>
 *   <li>{@link org.ruot4j.analysis.TruthComparison}: learned growth and drift against the truth of synthetic data.</li>
 *   <li>{@link org.ruot4j.analysis.Report}: report.html (self-contained) and plots/*.png, written by {@code fit}
 *       and {@code quickstart}.</li>
 * </ul>
 */
package org.ruot4j.analysis;
