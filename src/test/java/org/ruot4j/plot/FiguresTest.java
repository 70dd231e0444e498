package org.ruot4j.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ruot4j.plot.FigureAssert.assertHasColour;
import static org.ruot4j.plot.FigureAssert.onWhite;
import static org.ruot4j.plot.FigureAssert.render;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.ruot4j.RuotException;
import org.ruot4j.data.Snapshots;
import org.ruot4j.data.WeightedCloud;
import org.ruot4j.train.MetricsReport;
import org.ruot4j.train.Simulation;
import org.ruot4j.train.TrainingHistory;
import org.w3c.dom.Document;
import org.w3c.dom.Node;

class FiguresTest {
    @TempDir
    static Path tmp;
    static Path dir;

    static final List<String> FEATURES = List.of("gene A", "gene B");
    static final double[] TIMES = {0, 1, 2, 3};

    @BeforeAll
    static void headless() throws IOException {
        System.setProperty("java.awt.headless", "true");
        dir = FigureAssert.outDir(tmp);
    }

    /** Two Gaussian blobs (sd 0.3) that start together at (0, 0) and move apart along ±(1, 0.5) per time unit. */
    static Snapshots blobs() {
        Random r = new Random(7);
        Snapshots.Builder b = Snapshots.builder(FEATURES).source("two blobs");
        for (double t : TIMES) {
            for (int i = 0; i < 120; i++) {
                double s = i % 2 == 0 ? 1 : -1;
                b.add(t, s * t + 0.3 * r.nextGaussian(), s * 0.5 * t + 0.3 * r.nextGaussian());
            }
        }
        return b.build();
    }

    /**
     * An SDE simulation whose paths follow the blobs, with weights growing on the right branch and shrinking on the
     * left; path 1 does not exist at t0 (NaN: born by division later).
     */
    static Simulation paths() {
        Random r = new Random(11);
        int n = 60;
        List<double[]> pos = new ArrayList<>();
        List<double[]> w = new ArrayList<>();
        for (int k = 0; k < TIMES.length; k++) {
            pos.add(new double[2 * n]);
            w.add(new double[n]);
        }
        for (int p = 0; p < n; p++) {
            double s = p % 2 == 0 ? 1 : -1;
            double x = 0.3 * r.nextGaussian();
            double y = 0.3 * r.nextGaussian();
            for (int k = 0; k < TIMES.length; k++) {
                pos.get(k)[2 * p] = x + s * TIMES[k] + 0.05 * r.nextGaussian();
                pos.get(k)[2 * p + 1] = y + s * 0.5 * TIMES[k];
                w.get(k)[p] = Math.exp(0.4 * s * TIMES[k]) / n;
            }
        }
        pos.get(0)[2] = pos.get(0)[3] = Double.NaN;
        w.get(0)[1] = Double.NaN;
        return new Simulation("sde", TIMES, 2, FEATURES, pos, w);
    }

    @Test
    void snapshotsByTimeShowEveryTimeInItsColour() throws IOException {
        Snapshots s = blobs();
        XYChart c = Figures.snapshots(s);
        assertEquals("gene A", c.getXAxisTitle());
        assertEquals("gene B", c.getYAxisTitle());
        assertEquals(4, c.getSeriesMap().size());
        assertTrue(c.getSeriesMap().containsKey("t = 2 (n = 120)"));
        BufferedImage img = render(c, dir, "snapshots");
        for (int k = 0; k < 4; k++) {
            assertHasColour(img, onWhite(ColourMap.withAlpha(ChartStyle.timeColour(k, 4), 0.7)), "time " + k);
        }
        assertThrows(RuotException.class, () -> Figures.snapshots(s, 0, 0));
        assertThrows(RuotException.class, () -> Figures.snapshots(s, "gene A", "gene Z"));
    }

    @Test
    void predictedVsObservedSizesParticlesByWeight() throws IOException {
        Snapshots s = blobs();
        List<WeightedCloud> pred = new ArrayList<>();
        pred.add(null);
        Random r = new Random(3);
        for (int k = 1; k < 4; k++) {
            double[][] p = s.points(k);
            double[] w = new double[p.length];
            for (int i = 0; i < p.length; i++) {
                p[i][0] += 0.15 * r.nextGaussian();
                w[i] = Math.exp(p[i][0]) / p.length; // the right blob grows, the left one shrinks
            }
            pred.add(new WeightedCloud("ODE", p, w));
        }
        List<XYChart> charts = Figures.predictedVsObserved(s, pred, 0, 1);
        assertEquals(3, charts.size());
        XYChart c = charts.get(2);
        assertTrue(c.getTitle().contains("t = 3") && c.getTitle().contains("mass"), c.getTitle());
        // heavy (right) and light (left) particles fall in different size classes
        assertTrue(c.getSeriesMap().keySet().stream().anyMatch(n -> n.startsWith("predicted, w > 4 × mean")),
                c.getSeriesMap().keySet().toString());
        assertTrue(c.getSeriesMap().keySet().stream().anyMatch(n -> n.startsWith("predicted, w < ¼ × mean")),
                c.getSeriesMap().keySet().toString());
        BufferedImage img = render(c, dir, "predicted_vs_observed_t3");
        assertHasColour(img, onWhite(ColourMap.withAlpha(ChartStyle.CATEGORICAL[1], 0.9)), "heavy particles");
        Figures.savePng(Figures.grid(charts, 3, 100), dir.resolve("predicted_vs_observed_grid.png"), 100);
        BufferedImage grid = ImageIO.read(dir.resolve("predicted_vs_observed_grid.png").toFile());
        assertEquals(3 * Math.round(ChartStyle.WIDTH * 100 / 72.0), grid.getWidth(), 3);
        assertThrows(RuotException.class, () -> Figures.predictedVsObserved(s, pred.subList(0, 2), 0, 1));
    }

    @Test
    void trajectoriesDrawPathsOverTheCloud() throws IOException {
        XYChart c = Figures.trajectories(paths(), blobs(), 0, 1, 40);
        assertTrue(c.getTitle().startsWith("SDE paths from t = 0 to t = 3"), c.getTitle());
        assertTrue(c.getSeriesMap().keySet().stream().anyMatch(n -> n.startsWith("paths, final w") && n.endsWith(" ends")),
                c.getSeriesMap().keySet().toString());
        BufferedImage img = render(c, dir, "trajectories");
        Snapshots threeGenes = Snapshots.builder("a", "b", "c").add(0, 1, 2, 3).add(0, 3, 2, 1).add(1, 1, 2, 3)
                .add(1, 3, 2, 1).build();
        assertThrows(RuotException.class, () -> Figures.trajectories(paths(), threeGenes, 0, 1, 10));
        XYChart bare = Figures.trajectories(paths(), 0, 1, 10);
        assertEquals("gene A", bare.getXAxisTitle());
        Simulation branching = new Simulation("branching", TIMES, 2, FEATURES, paths().positions(), paths().weights());
        RuotException e = assertThrows(RuotException.class, () -> Figures.trajectories(branching, 0, 1, 10));
        assertTrue(e.getMessage().contains("no particle identities"), e.getMessage());
    }

    @Test
    void particleWeightsSummaryAndPerParticle() throws IOException {
        Simulation p = paths();
        XYChart summary = Figures.particleWeights(p, false, false);
        // mean at t=3 equals the average of the weights there
        double[] mean = summary.getSeriesMap().get("mean").getYData();
        double expect = Arrays.stream(p.weights().get(3)).average().orElseThrow();
        assertEquals(expect, mean[3], 1e-12);
        render(summary, dir, "particle_weights");
        XYChart lines = Figures.particleWeights(p, true, true);
        assertTrue(lines.getStyler().isYAxisLogarithmic());
        render(lines, dir, "particle_weights_per_particle_log");
    }

    @Test
    void growthMapHasSymmetricDivergingScaleAndColourBar() throws IOException {
        Snapshots s = blobs();
        double[][] g = new double[s.numTimes()][];
        for (int k = 0; k < g.length; k++) {
            g[k] = new double[s.count(k)];
            for (int i = 0; i < g[k].length; i++) {
                g[k][i] = 0.8 * s.get(k, i, 0); // right blob proliferates, left blob dies
            }
        }
        FieldChart c = Figures.growthMap(s, g, 0, 1);
        double lim = Arrays.stream(g).flatMapToDouble(Arrays::stream).map(Math::abs).max().orElseThrow();
        assertEquals(-lim, c.scaleMin(), 1e-12);
        assertEquals(lim, c.scaleMax(), 1e-12);
        assertTrue(c.colourMap().isDiverging());
        BufferedImage img = render(c, dir, "growth_map");
        // both ends of the colour bar and cells of both signs are drawn
        assertHasColour(img, ColourMap.COOLWARM.at(0.0), "colour bar, most negative");
        assertHasColour(img, ColourMap.COOLWARM.at(1.0), "colour bar, most positive");
        assertThrows(RuotException.class, () -> Figures.growthMap(s.points(0), new double[3], FEATURES, 0, 1));
    }

    @Test
    void landscapeRasterLinesUpWithTheAxesAndArrowsPointDownhill() throws IOException {
        // −s = (x − 1)² + 2 (y + 0.5)²: a single valley at (1, −0.5)
        GridValues pot = GridValues.sample(-2, 3, 51, -3, 2, 41, (x, y) -> (x - 1) * (x - 1) + 2 * (y + 0.5) * (y + 0.5));
        PlaneVectors down = PlaneVectors.downhill(pot, 4);
        for (int i = 0; i < down.points().length; i++) {
            double[] p = down.points()[i];
            double[] v = down.vectors()[i];
            // exact gradient of a quadratic by central differences: ∇s = −∇(−s) = (−2(x−1), −4(y+0.5))
            double ex = -2 * (p[0] - 1);
            double ey = -4 * (p[1] + 0.5);
            boolean edge = p[0] <= -2 + 1e-9 || p[0] >= 3 - 1e-9 || p[1] <= -3 + 1e-9 || p[1] >= 2 - 1e-9;
            if (!edge) {
                assertEquals(ex, v[0], 1e-9);
                assertEquals(ey, v[1], 1e-9);
            }
            assertTrue(v[0] * (1 - p[0]) + v[1] * (-0.5 - p[1]) >= -1e-9, "arrow at " + Arrays.toString(p) + " points uphill");
        }
        double[][] cells = new double[80][];
        Random r = new Random(5);
        for (int i = 0; i < cells.length; i++) {
            cells[i] = new double[] {1 + 0.4 * r.nextGaussian(), -0.5 + 0.3 * r.nextGaussian()};
        }
        FieldChart c = Figures.landscape(pot, null, cells, "gene A", "gene B");
        BufferedImage img = render(c, dir, "landscape");
        // the pixel at the valley has the low end of the map, the pixel at the corner (−2, 2) the high end
        double s = 300 / 72.0;
        int vx = (int) Math.round(c.getScreenXFromChart(1.0) * s);
        int vy = (int) Math.round(c.getScreenYFromChart(-0.5) * s);
        int best = Integer.MAX_VALUE;
        for (int dy = -6; dy <= 6; dy++) { // a cell dot or arrow may sit on the exact pixel: take the closest match
            for (int dx = -6; dx <= 6; dx++) {
                best = Math.min(best, (int) FigureAssert.distance(ColourMap.VIRIDIS.at(0.0), img.getRGB(vx + dx, vy + dy)));
            }
        }
        assertTrue(best <= 10, "valley pixel differs from viridis(0) by " + best);
        int cx = (int) Math.round(c.getScreenXFromChart(-1.97) * s);
        int cy = (int) Math.round(c.getScreenYFromChart(1.97) * s);
        assertTrue(FigureAssert.distance(ColourMap.VIRIDIS.at(1.0), img.getRGB(cx, cy)) <= 20, "corner is not the high end");
    }

    @Test
    void driftArrowsOneColourPerField() throws IOException {
        Snapshots s = blobs();
        double[][] cells = s.points(2);
        Map<String, double[][]> f = new LinkedHashMap<>();
        double[][] v = new double[cells.length][];
        double[][] gs = new double[cells.length][];
        double[][] sum = new double[cells.length][];
        for (int i = 0; i < cells.length; i++) {
            double side = Math.signum(cells[i][0]);
            v[i] = new double[] {side, 0.5 * side};
            gs[i] = new double[] {-0.5 * cells[i][1], 0.5 * cells[i][0] * 0.2};
            sum[i] = new double[] {v[i][0] + gs[i][0], v[i][1] + gs[i][1]};
        }
        f.put("v", v);
        f.put("∇s", gs);
        f.put("v + ∇s", sum);
        FieldChart c = Figures.driftArrows(cells, f, FEATURES, 0, 1, 60);
        BufferedImage img = render(c, dir, "drift_arrows");
        assertHasColour(img, ChartStyle.CATEGORICAL[0], "v arrows");
        assertHasColour(img, ChartStyle.CATEGORICAL[1], "∇s arrows");
        assertHasColour(img, Color.BLACK, "v + ∇s arrows");
    }

    @Test
    void streamlinesOfARotationStayOnCircles() throws IOException {
        PlaneField rot = (x, y) -> new double[] {-y, x};
        List<Streamlines.Line> lines = Streamlines.trace(rot, -2, 2, -2, 2, 30);
        assertFalse(lines.isEmpty());
        for (Streamlines.Line l : lines) {
            double r0 = Math.hypot(l.x()[0], l.y()[0]);
            for (int i = 1; i < l.x().length; i++) {
                assertEquals(r0, Math.hypot(l.x()[i], l.y()[i]), 1e-6 + 1e-4 * r0, "streamline left its circle");
            }
        }
        // a uniform field gives horizontal lines running left to right
        for (Streamlines.Line l : Streamlines.trace((x, y) -> new double[] {2, 0}, 0, 1, 0, 1, 20)) {
            for (int i = 1; i < l.x().length; i++) {
                assertEquals(l.y()[0], l.y()[i], 1e-12);
                assertTrue(l.x()[i] > l.x()[i - 1]);
            }
        }
        double[][] cells = blobs().points(1);
        FieldChart c = Figures.streamlines(cells, FEATURES, 0, 1, (x, y) -> new double[] {-y + 0.3 * x, x}, "v + ∇s", 30);
        BufferedImage img = render(c, dir, "streamlines");
        assertHasColour(img, ChartStyle.CATEGORICAL[0], "streamlines");
        assertThrows(RuotException.class,
                () -> Figures.streamlines(cells, FEATURES, 0, 1, (x, y) -> new double[] {0, 0}, "zero", 30));
    }

    /** Three stages; a stage records only its own terms (energy turns negative in the joint stage). */
    static TrainingHistory history() {
        TrainingHistory h = new TrainingHistory();
        String[] names = {"pretrain", "score", "train"};
        int[] len = {60, 40, 80};
        for (int s = 0; s < 3; s++) {
            for (int e = 0; e < len[s]; e++) {
                Map<String, Double> t = new LinkedHashMap<>();
                if (s != 1) {
                    t.put("ot", 2 * Math.exp(-e / 20.0) + 0.05);
                    t.put("mass", 0.3 * Math.exp(-e / 15.0) + 0.01);
                } else {
                    t.put("score", 1.5 * Math.exp(-e / 10.0) + 0.2);
                }
                if (s == 2) {
                    t.put("energy", 0.5 - e / 60.0);
                    t.put("fp_residual", 0.1 * Math.exp(-e / 30.0) + 0.002);
                }
                h.add(new TrainingHistory.Row(names[s], e, 0.01 * e, t));
            }
        }
        return h;
    }

    @Test
    void lossCurvesFromHistoryCsv() throws IOException {
        TrainingHistory h = history();
        Path csv = dir.resolve("history.csv");
        h.writeCsv(csv);
        assertEquals("stage,epoch,seconds,ot,mass,score,energy,fp_residual", Files.readAllLines(csv).get(0));
        TrainingHistory back = TrainingHistory.readCsv(csv);
        assertEquals(h.stages(), back.stages());
        assertEquals(h.terms(), back.terms());
        for (int r = 0; r < h.size(); r++) {
            TrainingHistory.Row a = h.rows().get(r);
            TrainingHistory.Row b = back.rows().get(r);
            assertEquals(a.losses().keySet(), b.losses().keySet(), "row " + r + " keeps its terms");
            for (String t : a.losses().keySet()) {
                assertEquals(a.get(t), b.get(t), 1e-7 * Math.max(1, Math.abs(a.get(t))), "8 significant digits");
            }
        }
        XYChart all = Figures.lossCurves(back);
        assertTrue(all.getStyler().isYAxisLogarithmic());
        assertTrue(all.getSeriesMap().containsKey("energy (values ≤ 0 not shown)"));
        BufferedImage img = render(all, dir, "loss_curves");
        assertHasColour(img, ChartStyle.CATEGORICAL[0], "ot curve");
        XYChart train = Figures.lossCurves(back, "train", false);
        assertEquals(Arrays.asList("ot", "mass", "energy", "fp_residual"), train.getSeriesMap().values().stream()
                .filter(ser -> ser.isShowInLegend()).map(ser -> ser.getName()).toList());
        // a term keeps its colour from the all-stages chart to the per-stage chart
        assertEquals(all.getSeriesMap().get("fp_residual").getLineColor(), train.getSeriesMap().get("fp_residual").getLineColor());
        render(train, dir, "loss_curves_train");
        RuotException e = assertThrows(RuotException.class, () -> Figures.lossCurves(back, "refine", true));
        assertTrue(e.getMessage().contains("no stage 'refine'") && e.getMessage().contains("[pretrain, score, train]"),
                e.getMessage());
    }

    @Test
    void historyCsvErrorsNameLineAndColumn() throws IOException {
        Path bad = dir.resolve("bad_history.csv");
        Files.writeString(bad, "stage,epoch,seconds,ot\npretrain,0,0.1,1.0\npretrain,x,0.2,0.5\n", StandardCharsets.UTF_8);
        RuotException e = assertThrows(RuotException.class, () -> TrainingHistory.readCsv(bad));
        assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains("column epoch"), e.getMessage());
        Files.writeString(bad, "stage,epoch,seconds,ot\npretrain,0,0.1,abc\n", StandardCharsets.UTF_8);
        e = assertThrows(RuotException.class, () -> TrainingHistory.readCsv(bad));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("column ot"), e.getMessage());
        Files.writeString(bad, "epoch,stage,ot\n", StandardCharsets.UTF_8);
        e = assertThrows(RuotException.class, () -> TrainingHistory.readCsv(bad));
        assertTrue(e.getMessage().contains("header"), e.getMessage());
        Files.writeString(bad, "stage,epoch,seconds,ot,mass\ntrain,0,0.1,1\n", StandardCharsets.UTF_8);
        e = assertThrows(RuotException.class, () -> TrainingHistory.readCsv(bad));
        assertTrue(e.getMessage().contains("4 fields, expected 5"), e.getMessage());
        Files.writeString(bad, "stage,epoch,seconds,ot,mass\ntrain,0,0.1,1,\n\ntrain,1,0.2,0.5,NaN\n",
                StandardCharsets.UTF_8);
        TrainingHistory ok = TrainingHistory.readCsv(bad);
        assertEquals(2, ok.size(), "blank lines are skipped");
        assertTrue(Double.isNaN(ok.rows().get(0).get("mass")) && Double.isNaN(ok.rows().get(1).get("mass")));
        assertFalse(ok.rows().get(0).losses().containsKey("mass"), "an empty field is a term the stage does not have");
    }

    @Test
    void metricsFromMetricsJson() throws IOException {
        Path json = dir.resolve("metrics.json");
        Files.writeString(json, "{\"dataset\": \"two blobs\", \"dim\": 2, \"times\": [0,1,2,3], \"sigma\": 0.05,"
                + " \"ode\": {\"w1\": [null, 0.12, 0.2, 0.31], \"w2\": [null, 0.15, 0.26, 0.4], \"tmv\": [null, 0.02, 0.05, 0.03]},"
                + " \"sde\": {\"w1\": [null, 0.1, 0.16, 0.22], \"w2\": [null, 0.13, 0.2, 0.3], \"tmv\": [null, 0.02, 0.05, 0.03]},"
                + " \"seconds\": {\"pretrain\": 1, \"score\": 1, \"train\": 1, \"total\": 3}}");
        MetricsReport m = MetricsReport.read(json);
        assertTrue(Double.isNaN(m.ode().w1()[0]));
        assertEquals(0.22, m.sde().w1()[3], 0);
        XYChart lines = Figures.metrics(m);
        assertEquals(6, lines.getSeriesMap().size());
        // t0 (null) is left out rather than drawn as zero
        assertEquals(3, lines.getSeriesMap().get("W1 ODE").getXData().length);
        BufferedImage img = render(lines, dir, "metrics");
        assertHasColour(img, ChartStyle.CATEGORICAL[0], "W1 lines");
        CategoryChart bars = Figures.metricBars(m, "w2");
        assertEquals(3, bars.getSeriesMap().get("ODE").getXData().size());
        render(bars, dir, "metric_bars_w2");
        Files.writeString(json, "{\"times\": [0, 1], \"ode\": {\"w1\": [null, \"x\"]}}");
        RuotException e = assertThrows(RuotException.class, () -> MetricsReport.read(json));
        assertTrue(e.getMessage().contains("ode.w1") && e.getMessage().contains("entry 1"), e.getMessage());
        // a mode or metric that was not evaluated is left out of both charts
        Files.writeString(json, "{\"times\": [0, 1, 2], \"ode\": {\"w1\": [null, 0.1, 0.2]}}");
        MetricsReport odeOnly = MetricsReport.read(json);
        assertEquals(List.of("W1 ODE"), new ArrayList<>(Figures.metrics(odeOnly).getSeriesMap().keySet()));
        assertEquals(List.of("ODE"), new ArrayList<>(Figures.metricBars(odeOnly, "w1").getSeriesMap().keySet()));
    }

    @Test
    void fateProbabilitiesAverageCellsPerGroup() throws IOException {
        String[] groups = {"progenitor", "progenitor", "early A", "early B", "early A", "early B", "progenitor"};
        double[][] p = {{0.5, 0.5}, {0.6, 0.3}, {0.9, 0.1}, {0.2, 0.8}, {0.8, 0.2}, {0.1, 0.9}, {0.4, 0.6}};
        CategoryChart c = Figures.fateProbabilities(groups, List.of("fate A", "fate B"), p);
        CategorySeries a = c.getSeriesMap().get("fate A");
        assertEquals(List.of("progenitor (n = 3)", "early A (n = 2)", "early B (n = 2)"), new ArrayList<>(a.getXData()));
        assertEquals(0.5, a.getYData().iterator().next().doubleValue(), 1e-12);
        // progenitor row sums to 0.9 + … : the second cell reached no fate with probability 0.1
        CategorySeries und = c.getSeriesMap().get("undetermined");
        assertEquals(0.1 / 3, und.getYData().iterator().next().doubleValue(), 1e-12);
        BufferedImage img = render(c, dir, "fate_probabilities");
        assertHasColour(img, ChartStyle.CATEGORICAL[0], "fate A bars");
        assertHasColour(img, ChartStyle.CATEGORICAL[1], "fate B bars");
        assertThrows(RuotException.class,
                () -> Figures.fateProbabilities(List.of("g"), List.of("A", "B"), new double[][] {{0.7, 0.6}}));
    }

    @Test
    void svgExportIsValidXml() throws Exception {
        for (var e : Map.of("snapshots", Figures.snapshots(blobs()), "landscape",
                Figures.landscape(GridValues.sample(-1, 1, 21, -1, 1, 21, (x, y) -> x * x + y * y), null, null, "x", "y"))
                .entrySet()) {
            Path svg = dir.resolve(e.getKey() + ".svg");
            Figures.saveSvg(e.getValue(), svg);
            String text = Files.readString(svg);
            assertTrue(text.contains("<svg"), "no <svg element");
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false); // offline
            Document d = f.newDocumentBuilder().parse(svg.toFile());
            assertEquals("svg", d.getDocumentElement().getTagName());
        }
    }

    @Test
    void pngCarries300DpiAndWritesAtomically() throws Exception {
        Path sub = dir.resolve("atomic");
        Files.createDirectories(sub);
        Path png = sub.resolve("snap.png");
        Figures.savePng(Figures.snapshots(blobs()), png, 300);
        Figures.savePng(Figures.snapshots(blobs()), png, 300); // replaces
        try (var list = Files.list(sub)) {
            assertEquals(List.of(png.getFileName().toString()), list.map(p -> p.getFileName().toString()).toList(),
                    "temporary files left behind");
        }
        assertEquals(300, dpiOf(ImageIO.createImageInputStream(png.toFile())), 0.5);
        // the bytes embedded in report.html carry their resolution the same way
        byte[] bytes = Figures.pngBytes(Figures.snapshots(blobs()), 150);
        assertEquals(150, dpiOf(ImageIO.createImageInputStream(new java.io.ByteArrayInputStream(bytes))), 0.5);
    }

    /** The resolution a PNG's metadata gives, as the JDK's reader reports it. */
    private static double dpiOf(ImageInputStream stream) throws IOException {
        try (ImageInputStream in = stream) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            reader.setInput(in);
            IIOMetadata meta = reader.getImageMetadata(0);
            Node root = meta.getAsTree("javax_imageio_1.0");
            double mm = Double.NaN;
            for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n.getNodeName().equals("Dimension")) {
                    for (Node c = n.getFirstChild(); c != null; c = c.getNextSibling()) {
                        if (c.getNodeName().equals("HorizontalPixelSize")) {
                            mm = Double.parseDouble(c.getAttributes().getNamedItem("value").getNodeValue());
                        }
                    }
                }
            }
            return 25.4 / mm;
        }
    }

    @Test
    void fieldChartRendersTheSameTwice() {
        FieldChart c = Figures.landscape(GridValues.sample(-1, 1, 21, -1, 1, 21, (x, y) -> x * x + y * y), null, null,
                "x", "y");
        BufferedImage a = Figures.toImage(c, 72);
        BufferedImage b = Figures.toImage(c, 72);
        assertEquals(a.getWidth(), b.getWidth());
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                assertEquals(a.getRGB(x, y), b.getRGB(x, y), "pixel " + x + "," + y);
            }
        }
    }
}
