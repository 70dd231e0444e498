package org.ruot4j.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ruot4j.plot.FigureAssert.assertHasColour;
import static org.ruot4j.plot.FigureAssert.render;
import static org.ruot4j.plot.FigureAssert.yTickLabels;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.ruot4j.RuotException;
import org.ruot4j.analysis.DriftFields;
import org.ruot4j.data.Snapshots;
import org.ruot4j.data.WeightedCloud;
import org.ruot4j.train.Simulation;
import org.ruot4j.train.TrainingHistory;

/**
 * The encodings of the figures do what their titles and legends say (issue 14): a loss term keeps its colour in
 * every chart, log axes carry at least two labels, a one-epoch stage is drawn, path shade and marker size follow
 * the weight, cells take colours by label, a stream plot works on an embedding.
 */
class FigureEncodingsTest {
    @TempDir
    static Path tmp;
    static Path dir;

    @BeforeAll
    static void headless() throws IOException {
        System.setProperty("java.awt.headless", "true");
        dir = FigureAssert.outDir(tmp);
    }

    private static TrainingHistory history(String[] stages, int[] epochs, List<List<String>> terms, double start,
            double decades) {
        TrainingHistory h = new TrainingHistory();
        int total = 0;
        for (int e : epochs) {
            total += e;
        }
        int row = 0;
        for (int s = 0; s < stages.length; s++) {
            for (int e = 1; e <= epochs[s]; e++, row++) {
                Map<String, Double> t = new LinkedHashMap<>();
                int i = 0;
                for (String term : terms.get(s)) {
                    t.put(term, start * Math.pow(10, -decades * row / Math.max(1, total - 1)) * (1 + 0.3 * i++));
                }
                h.add(new TrainingHistory.Row(stages[s], e, e, t));
            }
        }
        return h;
    }

    private static Color colourOf(XYChart c, String term) {
        XYSeries s = c.getSeriesMap().get(term);
        assertTrue(s != null, term + " not in " + c.getSeriesMap().keySet());
        return s.getLineColor();
    }

    @Test
    void aLossTermHasOneColourWhateverTheOtherTerms() {
        TrainingHistory a = history(new String[] {"pretrain"}, new int[] {10},
                List.of(List.of("ot", "mass_local", "loss")), 1, 1);
        TrainingHistory b = history(new String[] {"score", "train"}, new int[] {5, 8},
                List.of(List.of("score", "loss"), List.of("loss", "energy", "fokker_planck", "ot", "my_term")), 2, 1);
        XYChart ca = Figures.lossCurves(a);
        XYChart cb = Figures.lossCurves(b);
        XYChart live = Figures.lossCurves(b, "train", true);
        for (String term : List.of("ot", "loss")) {
            assertEquals(colourOf(ca, term), colourOf(cb, term), term + ": report charts of two fits");
            assertEquals(colourOf(ca, term), colourOf(live, term), term + ": live chart of one stage");
            assertEquals(ChartStyle.termColour(term), colourOf(cb, term));
        }
        // ot comes first in one history and fourth in the other; unknown names get a fixed colour too
        assertEquals(ChartStyle.termColour("my_term"), colourOf(cb, "my_term"));
        assertEquals(ChartStyle.termColour("my_term"), ChartStyle.termColour(new String("my_term")));
        List<String> known = List.of("loss", "ot", "mass_local", "mass_global", "energy", "fokker_planck",
                "init_density", "score", "penalty", "ot_last", "score_offset", "selection", "validation");
        assertEquals(known.size(), known.stream().map(ChartStyle::termColour).distinct().count(),
                "every term the trainer records has its own colour");
    }

    @Test
    void logAxesLabelAtLeastTwoTicksWithoutCrowding() {
        // one value range per case: 3 decades, 1.7 decades with a single power of ten inside, under one decade
        double[][] ranges = {{1e-3, 1}, {0.02, 0.9}, {3, 80}, {0.3, 0.9}, {1e-5, 2e-1}};
        for (double[] r : ranges) {
            XYChart c = ChartStyle.xyChart("range " + r[0] + " to " + r[1], "x", "y");
            c.getStyler().setYAxisLogarithmic(true);
            c.addSeries("y", new double[] {1, 2, 3}, new double[] {r[0], Math.sqrt(r[0] * r[1]), r[1]});
            ChartStyle.finish(c);
            List<String> labels = yTickLabels(c);
            assertTrue(labels.size() >= 2, "range " + r[0] + "…" + r[1] + ": labels " + labels);
            assertTrue(labels.size() <= 9, "range " + r[0] + "…" + r[1] + ": crowded labels " + labels);
        }
        TrainingHistory h = history(new String[] {"pretrain", "train"}, new int[] {40, 20},
                List.of(List.of("ot", "loss"), List.of("ot", "loss", "energy")), 1, 3);
        List<String> labels = yTickLabels(Figures.lossCurves(h));
        assertTrue(labels.size() >= 2 && labels.size() <= 9, "loss chart over 3 decades: " + labels);
    }

    @Test
    void aOneEpochStageIsALineWithADot() throws IOException {
        TrainingHistory h = history(new String[] {"pretrain", "train"}, new int[] {60, 1},
                List.of(List.of("ot", "loss"), List.of("ot", "loss", "energy", "fokker_planck")), 1, 1);
        XYChart all = Figures.lossCurves(h);
        XYSeries level = all.getSeriesMap().get("energy · epoch 61");
        assertTrue(level != null, all.getSeriesMap().keySet().toString());
        assertEquals(XYSeries.XYSeriesRenderStyle.Line, level.getXYSeriesRenderStyle());
        double[] x = level.getXData();
        assertTrue(x.length == 2 && x[1] - x[0] >= 1, "a visible level line, not a point: " + x[0] + "…" + x[1]);
        assertEquals(ChartStyle.termColour("energy"), level.getLineColor());
        // the stage's own line does not join the pretraining values of ot
        double[] otX = all.getSeriesMap().get("ot").getXData();
        assertTrue(java.util.Arrays.stream(otX).anyMatch(Double::isNaN), "ot is broken between the stages");
        BufferedImage img = render(all, dir, "loss_one_epoch_stage");
        assertHasColour(img, ChartStyle.termColour("fokker_planck"), "the one-epoch fokker_planck value");
        XYChart stage = Figures.lossCurves(h, "train", true);
        BufferedImage one = render(stage, dir, "loss_one_epoch_stage_alone");
        assertHasColour(one, ChartStyle.termColour("energy"), "energy in the one-epoch stage's own chart");
    }

    /** Paths from the origin to the right, whose final weights span 1/8 … 8 times the mean. */
    private static Simulation weightedPaths() {
        int n = 40;
        double[] times = {0, 1, 2};
        List<double[]> pos = new ArrayList<>();
        List<double[]> w = new ArrayList<>();
        for (int k = 0; k < times.length; k++) {
            double[] p = new double[2 * n];
            double[] wk = new double[n];
            for (int i = 0; i < n; i++) {
                p[2 * i] = k;
                p[2 * i + 1] = k * (i - n / 2.0) / n;
                wk[i] = Math.pow(2, k * 3 * (i - n / 2.0) / (n / 2.0) / 2) / n; // 2^(−3) … 2^3 at t = 2
            }
            pos.add(p);
            w.add(wk);
        }
        return new Simulation("ode", times, 2, List.of("a", "b"), pos, w);
    }

    @Test
    void pathShadeFollowsTheFinalWeightAndStaysOpaque() throws IOException {
        XYChart c = Figures.trajectories(weightedPaths(), 0, 1, 100);
        List<XYSeries> lines = c.getSeriesMap().values().stream()
                .filter(s -> s.getName().startsWith("paths, final w") && !s.getName().endsWith(" ends")).toList();
        assertTrue(lines.size() >= 4, "weight classes: " + c.getSeriesMap().keySet());
        double prev = 2;
        for (XYSeries s : lines) { // lightest class first
            Color col = s.getLineColor();
            assertEquals(255, col.getAlpha(), s.getName() + ": opaque, so that overlapping light paths stay light");
            double l = ColourMap.luminance(col);
            assertTrue(l < prev, s.getName() + " must be darker than the lighter class before it");
            prev = l;
        }
        assertTrue(ColourMap.luminance(lines.get(0).getLineColor()) - prev > 0.5, "light and heavy paths differ");
        BufferedImage img = render(c, dir, "paths_by_weight");
        assertHasColour(img, lines.get(0).getLineColor(), "the lightest paths");
        assertHasColour(img, lines.get(lines.size() - 1).getLineColor(), "the heaviest paths");
    }

    @Test
    void markerAreaFollowsTheWeight() throws IOException {
        Random r = new Random(2);
        Snapshots s = Snapshots.builder("a", "b").add(0, 0, 0).add(0, 1, 1).add(1, 0, 0).add(1, 1, 1).build();
        double[][] p = new double[200][];
        double[] w = new double[200];
        for (int i = 0; i < p.length; i++) {
            p[i] = new double[] {r.nextGaussian(), r.nextGaussian()};
            w[i] = Math.exp(1.2 * p[i][0]);
        }
        XYChart c = Figures.predictedVsObserved(s, 1, new WeightedCloud("ODE", p, w), 0, 1);
        List<XYSeries> classes = c.getSeriesMap().values().stream().filter(x -> x.getName().startsWith("predicted, w"))
                .toList();
        assertTrue(classes.size() >= 4, c.getSeriesMap().keySet().toString());
        double prev = 0;
        for (XYSeries x : classes) {
            double d = ((ChartStyle.Dot) x.getMarker()).diameter();
            assertTrue(d > prev, x.getName() + ": marker " + d + " must be larger than the lighter class's " + prev);
            prev = d;
        }
        render(c, dir, "markers_by_weight");
        XYChart equal = Figures.predictedVsObserved(s, 1, new WeightedCloud("no growth", p, new double[p.length]), 0, 1);
        assertEquals(2, equal.getSeriesMap().size(), "equal weights: one class " + equal.getSeriesMap().keySet());
    }

    @Test
    void cellsTakeOneColourPerLabel() throws IOException {
        double[][] cells = {{0, 0}, {1, 1}, {2, 0}, {0.5, 2}, {1.5, 1.5}};
        String[] fate = {"B", "A", "B", null, "A"};
        XYChart c = Figures.cellsByLabel(cells, fate, "fate", List.of("PC1", "PC2"), 0, 1);
        assertEquals("PC1", c.getXAxisTitle());
        assertEquals(List.of("(none) (n = 1)", "A (n = 2)", "B (n = 2)"), new ArrayList<>(c.getSeriesMap().keySet()));
        assertNotEquals(c.getSeriesMap().get("A (n = 2)").getMarkerColor(), c.getSeriesMap().get("B (n = 2)").getMarkerColor());
        render(c, dir, "cells_by_fate");
        assertThrows(RuotException.class, () -> Figures.cellsByLabel(cells, new String[2], "fate", List.of("a", "b"), 0, 1));
        FieldChart v = Figures.cellsByValue(cells, new double[] {0, 1, 2, 3, Double.NaN}, "pseudotime",
                List.of("PC1", "PC2"), 0, 1);
        assertEquals(0, v.scaleMin(), 0);
        assertEquals(3, v.scaleMax(), 0);
        render(v, dir, "cells_by_value");
    }

    @Test
    void streamPlotOnAnEmbeddingFollowsTheCellsVectors() throws IOException {
        // cells on a ring in the plane of the first two of three coordinates, vectors turning counter-clockwise
        Random r = new Random(4);
        int n = 600;
        double[][] cells = new double[n][];
        double[][] v = new double[n][];
        for (int i = 0; i < n; i++) {
            double a = 2 * Math.PI * r.nextDouble();
            double rad = 1 + 0.3 * r.nextGaussian();
            cells[i] = new double[] {rad * Math.cos(a), rad * Math.sin(a), r.nextGaussian()};
            v[i] = new double[] {-Math.sin(a), Math.cos(a), 5 * r.nextGaussian()};
        }
        DriftFields f = new DriftFields(Double.NaN, cells, List.of("PC1", "PC2", "PC3"), Map.of("v", v));
        FieldChart c = f.streamlines(0, 1);
        assertEquals("PC1", c.getXAxisTitle());
        assertEquals("PC2", c.getYAxisTitle());
        assertTrue(c.getTitle().contains("v") && c.getTitle().contains("all times"), c.getTitle());
        XYSeries lines = c.getSeriesMap().values().stream().filter(s -> s.getName().startsWith("the drift v")).findFirst()
                .orElseThrow(() -> new AssertionError(c.getSeriesMap().keySet().toString()));
        // every traced point lies near the ring: the empty centre and the outside are left out
        double[] x = lines.getXData();
        double[] y = lines.getYData();
        int near = 0;
        int points = 0;
        for (int i = 0; i < x.length; i++) {
            if (!Double.isNaN(x[i])) {
                points++;
                double rad = Math.hypot(x[i], y[i]);
                near += rad > 0.3 && rad < 1.9 ? 1 : 0;
            }
        }
        assertTrue(points > 50 && near > 0.95 * points, near + " of " + points + " points near the ring");
        render(c, dir, "stream_on_embedding");
        assertThrows(RuotException.class, () -> f.streamlines("∇s", 0, 1));
    }

    @Test
    void notebookLinesAndBarsUseTheHouseStyle() throws IOException {
        Map<String, double[]> cost = new LinkedHashMap<>();
        cost.put("exact", new double[] {1, 2, 4, 8});
        cost.put("Hutchinson", new double[] {1, 1.1, 1.1, 1.2});
        XYChart c = Figures.lines("Cost", "D", "ms", new double[] {2, 5, 10, 20}, cost, false);
        assertEquals(ChartStyle.CATEGORICAL[0], c.getSeriesMap().get("exact").getLineColor());
        render(c, dir, "plain_lines");
        CategoryChart b = Figures.bars("Mean W1", "", "W1", List.of("OT", "RUOT"), Map.of("ODE", new double[] {0.3, 0.1}));
        assertTrue(!b.getStyler().isLegendVisible(), "one series needs no legend");
        render(b, dir, "plain_bars");
        assertThrows(RuotException.class, () -> Figures.bars("x", "", "y", List.of("a"), Map.of("s", new double[2])));
    }
}
