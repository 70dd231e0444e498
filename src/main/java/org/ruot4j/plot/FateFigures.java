package org.ruot4j.plot;

import static org.ruot4j.plot.ChartStyle.*;
import static org.ruot4j.plot.PlotData.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.ruot4j.RuotException;

/** Factories for fate probabilities: stacked bars per group of cells. */
final class FateFigures {
    private FateFigures() {
    }

    static CategoryChart fateProbabilities(List<String> groups, List<String> fates, double[][] probability) {
        if (groups.isEmpty() || fates.isEmpty()) {
            throw new RuotException("fate probabilities: need at least one group and one fate");
        }
        if (probability.length != groups.size()) {
            throw new RuotException("fate probabilities: " + probability.length + " rows for " + groups.size()
                    + " groups");
        }
        double maxRemainder = 0;
        for (int g = 0; g < probability.length; g++) {
            if (probability[g].length != fates.size()) {
                throw new RuotException("fate probabilities: group '" + groups.get(g) + "' has " + probability[g].length
                        + " values for " + fates.size() + " fates");
            }
            double sum = 0;
            for (int f = 0; f < fates.size(); f++) {
                double p = probability[g][f];
                if (!(p >= -1e-9 && p <= 1 + 1e-9)) {
                    throw new RuotException("fate probabilities: group '" + groups.get(g) + "', fate '" + fates.get(f)
                            + "': " + p + " is not a probability in [0, 1]");
                }
                sum += p;
            }
            if (sum > 1 + 1e-6) {
                throw new RuotException("fate probabilities: group '" + groups.get(g) + "' sums to " + sum
                        + ", more than 1");
            }
            maxRemainder = Math.max(maxRemainder, 1 - sum);
        }
        CategoryChart c = categoryChart("Fate probabilities", "", "probability of fate");
        c.getStyler().setStacked(true);
        c.getStyler().setYAxisMin(0.0);
        c.getStyler().setYAxisMax(1.0);
        c.getStyler().setOverlapped(false);
        for (int f = 0; f < fates.size(); f++) {
            List<Double> v = new ArrayList<>();
            for (double[] row : probability) {
                v.add(Math.max(0, row[f]));
            }
            CategorySeries s = c.addSeries(fates.get(f), groups, v);
            s.setFillColor(CATEGORICAL[f % CATEGORICAL.length]);
        }
        if (maxRemainder > 1e-6) {
            List<Double> v = new ArrayList<>();
            for (double[] row : probability) {
                v.add(Math.max(0, 1 - Arrays.stream(row).sum()));
            }
            CategorySeries s = c.addSeries("undetermined", groups, v);
            s.setFillColor(REMAINDER_GREY);
        }
        return finish(c);
    }

    static CategoryChart fateProbabilities(String[] cellGroups, List<String> fates, double[][] perCell) {
        if (cellGroups.length != perCell.length) {
            throw new RuotException("fate probabilities: " + cellGroups.length + " group labels for " + perCell.length
                    + " cells");
        }
        Map<String, double[]> sums = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (int i = 0; i < perCell.length; i++) {
            if (perCell[i].length != fates.size()) {
                throw new RuotException("fate probabilities: cell " + i + " has " + perCell[i].length + " values for "
                        + fates.size() + " fates");
            }
            double[] s = sums.computeIfAbsent(cellGroups[i], z -> new double[fates.size()]);
            for (int f = 0; f < s.length; f++) {
                s[f] += perCell[i][f];
            }
            counts.merge(cellGroups[i], 1, Integer::sum);
        }
        List<String> labels = new ArrayList<>();
        double[][] mean = new double[sums.size()][];
        int g = 0;
        for (Map.Entry<String, double[]> e : sums.entrySet()) {
            int n = counts.get(e.getKey());
            labels.add(e.getKey() + " (n = " + n + ")");
            mean[g++] = Arrays.stream(e.getValue()).map(v -> v / n).toArray();
        }
        return fateProbabilities(labels, fates, mean);
    }
}
