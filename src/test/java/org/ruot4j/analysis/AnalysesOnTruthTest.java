package org.ruot4j.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ruot4j.RuotException;
import org.ruot4j.data.Pca;
import org.ruot4j.data.Snapshots;
import org.ruot4j.data.synthetic.GroundTruth;
import org.ruot4j.data.synthetic.SyntheticDataset;
import org.ruot4j.data.synthetic.ToggleSwitch;
import org.ruot4j.plot.Figures;
import org.ruot4j.train.MetricsReport;
import org.ruot4j.train.Simulation;
import tech.tablesaw.api.Table;

/**
 * Every analysis run on the known toggle-switch dynamics through the same {@link Fields} interface a fitted
 * model uses (the learned fields of a short test fit are too rough to pin signs and probabilities; the model path
 * is checked for structure in {@link ReportTest}). Fate 1 = gene 1 high near (2.1, 0.3), fate 2 = gene 2 high
 * near (0.3, 2.1), progenitor saddle at (1.2, 1.2); with the quickstart death rate fate 2 proliferates and fate 1
 * dies.
 */
class AnalysesOnTruthTest {
    static SyntheticDataset ds;
    static ToggleSwitch truth;
    static Fields exact;

    @BeforeAll
    static void data() {
        truth = ToggleSwitch.builder().cells(300).times(0, 1, 2, 3, 4).sigma(0.1).seed(4).maxCellsPerTime(500)
                .deathRate(0.2, 0.4).build();
        ds = truth.generate();
        exact = Fields.of(truth);
    }

    static double[][] around(double x1, double x2, double sd, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] p = new double[n][];
        for (int i = 0; i < n; i++) {
            p[i] = new double[] {x1 + sd * (2 * r.nextDouble() - 1), x2 + sd * (2 * r.nextDouble() - 1)};
        }
        return p;
    }

    static double[][] meanJacobian(GroundTruth t, double[][] cells) {
        double[][] m = new double[2][2];
        for (double[] x : cells) {
            double[][] j = t.driftJacobian(0, x);
            for (int a = 0; a < 2; a++) {
                for (int b = 0; b < 2; b++) {
                    m[a][b] += j[a][b] / cells.length;
                }
            }
        }
        return m;
    }

    @Test
    void geneRegulationHasTheTruthsSignsMutualInhibitionAndSelfActivation() {
        double degradation = (Double) truth.parameters().get("degradation");
        List<String> genes = ds.snapshots().features();
        Map<String, double[][]> states = new LinkedHashMap<>();
        states.put("progenitor", around(1.2, 1.2, 0.1, 50, 1));
        states.put("fate 1", around(2.1, 0.3, 0.1, 50, 2));
        states.put("fate 2", around(0.3, 2.1, 0.1, 50, 3));
        double[] diagonal = new double[3];
        int s = 0;
        for (Map.Entry<String, double[][]> e : states.entrySet()) {
            GeneRegulation g = GeneRegulation.average(exact, 0, e.getValue(), genes);
            double[][] want = meanJacobian(truth, e.getValue());
            for (int a = 0; a < 2; a++) {
                for (int b = 0; b < 2; b++) {
                    assertEquals(want[a][b], g.jacobian()[a][b], 1e-5, e.getKey() + " J[" + a + "][" + b + "]");
                    assertEquals(Math.signum(want[a][b]), Math.signum(g.jacobian()[a][b]), e.getKey() + " sign");
                }
            }
            // mutual inhibition: each gene lowers the other's rate
            assertTrue(g.effect(genes.get(0), genes.get(1)) < 0, e.getKey() + ": gene 1 must inhibit gene 2");
            assertTrue(g.effect(genes.get(1), genes.get(0)) < 0, e.getKey() + ": gene 2 must inhibit gene 1");
            diagonal[s++] = g.jacobian()[0][0];
        }
        // self-activation: at the progenitor the diagonal exceeds pure decay −k (∂v_i/∂x_i + k = a h' > 0) and
        // is highest there, where the Hill function is steepest
        GeneRegulation prog = GeneRegulation.average(exact, 0, states.get("progenitor"), genes);
        assertTrue(prog.jacobian()[0][0] + degradation > 0.5, "self-activation of gene 1: " + prog);
        assertTrue(prog.jacobian()[1][1] + degradation > 0.5, "self-activation of gene 2: " + prog);
        assertTrue(diagonal[0] > diagonal[1] && diagonal[0] > diagonal[2], "diagonal highest at the progenitor");

        Table t = prog.toTable(0);
        assertEquals(4, t.rowCount());
        for (int r = 0; r < 4; r++) {
            boolean self = t.stringColumn("kind").get(r).equals("self");
            assertEquals(self ? "self" : "cross", t.stringColumn("kind").get(r));
            if (!self) {
                assertEquals("inhibits", t.stringColumn("sign").get(r));
            }
        }
    }

    @Test
    void geneRegulationInPcaCoordinatesMapsBackToTheGeneJacobian() {
        Pca pca = Pca.fit(ds.snapshots(), 2);
        double[][] w = pca.loadings();
        double[] mu = pca.mean();
        // the truth expressed in PCA coordinates: v_z(z) = Wᵀ b(μ + W z)
        Fields inPca = new Fields() {
            public int dim() {
                return 2;
            }

            public double sigma() {
                return 0;
            }

            public double[][] velocity(double t, double[][] z) {
                double[][] out = new double[z.length][];
                for (int i = 0; i < z.length; i++) {
                    double[] b = truth.drift(t, pca.toFeatures(z[i]));
                    out[i] = new double[] {w[0][0] * b[0] + w[1][0] * b[1], w[0][1] * b[0] + w[1][1] * b[1]};
                }
                return out;
            }

            public double[] growth(double t, double[][] x) {
                return new double[x.length];
            }

            public boolean hasScore() {
                return false;
            }

            public double[] score(double t, double[][] x) {
                return null;
            }

            public double[][] scoreGradient(double t, double[][] x) {
                return null;
            }
        };
        double[][] cells = around(2.1, 0.3, 0.1, 30, 9);
        double[][] z = new double[cells.length][];
        for (int i = 0; i < cells.length; i++) {
            z[i] = pca.project(cells[i]);
        }
        GeneRegulation back = GeneRegulation.toGenes(pca, GeneRegulation.average(inPca, 0, z, pca.componentNames()));
        double[][] want = meanJacobian(truth, cells);
        assertEquals(ds.snapshots().features(), back.features());
        for (int a = 0; a < 2; a++) {
            for (int b = 0; b < 2; b++) {
                assertEquals(want[a][b], back.jacobian()[a][b], 1e-5, "J[" + a + "][" + b + "] via PCA");
            }
        }
        assertTrue(mu.length == 2);
    }

    @Test
    void fateProbabilitiesSumToOneAndTellTheFatesApart() {
        Snapshots s = ds.snapshots();
        FateProbabilities.Labels labels = FateProbabilities.kMeansLabels(s, 2, 7);
        assertEquals(2, labels.fates().size());
        assertTrue(labels.fates().get(0).startsWith("fate 1"), labels.fates().toString());
        double[][] starts = {{1.6, 0.8}, {0.8, 1.6}, {1.2, 1.2}, {1.25, 1.15}};
        FateProbabilities fp = FateProbabilities.compute(exact, 0, starts, s, labels,
                new FateProbabilities.Options(200, 0.02, 3, false));
        for (double[] row : fp.probability()) {
            assertEquals(1.0, row[0] + row[1], 1e-12);
        }
        // clusters are ordered by their first coordinate: fate 1 is the gene-1-high fate
        assertTrue(fp.probability()[0][0] > 0.95, "start (1.6, 0.8) → fate 1: " + fp);
        assertTrue(fp.probability()[1][1] > 0.95, "start (0.8, 1.6) → fate 2: " + fp);
        double p0 = fp.probability()[2][0];
        assertTrue(p0 > 0.3 && p0 < 0.7, "the saddle is undecided, P(fate 1) = " + p0);
        assertTrue(fp.probability()[3][0] > p0, "a start nearer fate 1 leans to fate 1");
        // weighted by descendant mass, the proliferating fate 2 gains
        FateProbabilities weighted = FateProbabilities.compute(exact, 0, new double[][] {{1.2, 1.2}}, s, labels,
                new FateProbabilities.Options(200, 0.02, 3, true));
        assertTrue(weighted.probability()[0][1] > fp.probability()[2][1] + 0.05,
                "mass-weighted P(fate 2) " + weighted.probability()[0][1] + " vs unweighted " + fp.probability()[2][1]);
        assertEquals(1.0, weighted.probability()[0][0] + weighted.probability()[0][1], 1e-12);

        Table t = fp.toTable(s.features());
        assertEquals(starts.length, t.rowCount());
        assertEquals(labels.fates().get(0), t.stringColumn("most likely").get(0));
        BufferedImage img = Figures.toImage(fp.chart(), 72);
        ImageCheck.assertNotBlank(img, "fate probabilities", 5);
    }

    @Test
    void userLabelsWork() {
        Snapshots s = ds.snapshots();
        double[][] last = s.points(s.numTimes() - 1);
        String[] lab = new String[last.length];
        for (int i = 0; i < last.length; i++) {
            lab[i] = last[i][0] > last[i][1] ? "gene1-high" : "gene2-high";
        }
        FateProbabilities fp = FateProbabilities.compute(exact, 2, new double[][] {{1.9, 0.4}}, s,
                FateProbabilities.Labels.of(s, lab), new FateProbabilities.Options(50, 0.05, 1, false));
        assertEquals(1.0, fp.probability()[0][fp.fates().indexOf("gene1-high")], 1e-12);
        FateProbabilities.Labels l = FateProbabilities.Labels.of(s, lab);
        assertEquals("gene2-high", l.labelOf(new double[] {0.3, 2.1}));
        assertEquals("gene1-high", l.labelOf(new double[] {2.1, 0.3}));
        assertThrows(RuotException.class, () -> FateProbabilities.Labels.of(s, new String[] {"a"}));
    }

    @Test
    void growthMapCallsProliferationAndDeathByTheSignOfG() {
        Snapshots s = ds.snapshots();
        GrowthMap gm = GrowthMap.compute(exact, s, 0.05);
        int last = s.numTimes() - 1;
        double[][] p = s.points(last);
        int pro = 0;
        int die = 0;
        for (int i = 0; i < p.length; i++) {
            double g = truth.growth(0, p[i]);
            assertEquals(g, gm.growth()[last][i], 0);
            pro += g > 0.05 ? 1 : 0;
            die += g < -0.05 ? 1 : 0;
        }
        assertEquals((double) pro / p.length, gm.proliferatingFraction(last), 1e-12);
        assertEquals((double) die / p.length, gm.dyingFraction(last), 1e-12);
        assertTrue(pro > 0 && die > 0, "both fates are present at the last time");
        assertEquals("proliferating", GrowthMap.state(0.06, 0.05));
        assertEquals("dying", GrowthMap.state(-0.06, 0.05));
        assertEquals("balanced", GrowthMap.state(0.05, 0.05));
        // fate 2 (gene 2 high) proliferates, fate 1 dies
        assertEquals("proliferating", GrowthMap.state(exact.growth(0, new double[][] {{0.3, 2.1}})[0], 0.05));
        assertEquals("dying", GrowthMap.state(exact.growth(0, new double[][] {{2.1, 0.3}})[0], 0.05));
        Table t = gm.toTable();
        assertEquals(s.totalCount(), t.rowCount());
        Table sum = gm.summary();
        assertEquals(1.0, sum.doubleColumn(GrowthMap.PROLIFERATING).get(last)
                + sum.doubleColumn(GrowthMap.BALANCED).get(last) + sum.doubleColumn(GrowthMap.DYING).get(last), 1e-12);
        ImageCheck.assertNotBlank(Figures.toImage(gm.chart(0, 1), 72), "growth map", 20);
    }

    @Test
    void truthComparisonIsZeroForTheTruthAndMeasuresKnownErrors() {
        Snapshots s = ds.snapshots();
        TruthComparison same = TruthComparison.compute(exact, truth, s);
        for (int k = 0; k < s.numTimes(); k++) {
            assertEquals(0, same.growthRmse()[k], 0);
            assertEquals(0, same.driftRmse()[k], 0);
            assertEquals(1, same.growthSignAccuracy()[k], 0);
            assertEquals(1, same.balancedSignAccuracy()[k], 0);
        }
        assertTrue(same.toTable().columnNames().contains("growth sign, balanced"), same.toTable().columnNames().toString());
        // g + 0.1 everywhere, drift 1.1 b: RMSE_g = 0.1 and relative drift error 0.1 exactly
        Fields off = new Fields() {
            public int dim() {
                return 2;
            }

            public double sigma() {
                return 0;
            }

            public double[][] velocity(double t, double[][] x) {
                double[][] v = exact.velocity(t, x);
                for (double[] r : v) {
                    r[0] *= 1.1;
                    r[1] *= 1.1;
                }
                return v;
            }

            public double[] growth(double t, double[][] x) {
                double[] g = exact.growth(t, x);
                for (int i = 0; i < g.length; i++) {
                    g[i] += 0.1;
                }
                return g;
            }

            public boolean hasScore() {
                return false;
            }

            public double[] score(double t, double[][] x) {
                return null;
            }

            public double[][] scoreGradient(double t, double[][] x) {
                return null;
            }
        };
        TruthComparison c = TruthComparison.compute(off, truth, s);
        int last = s.numTimes() - 1;
        assertEquals(0.1, c.growthRmse()[last], 1e-12);
        assertEquals(0.1, c.relativeDriftError()[last], 1e-12);
        int flipped = 0;
        for (double[] x : s.points(last)) {
            double g = truth.growth(0, x);
            flipped += Math.signum(g) != Math.signum(g + 0.1) ? 1 : 0;
        }
        assertEquals(1 - (double) flipped / s.count(last), c.growthSignAccuracy()[last], 1e-12);
        assertEquals(s.numTimes(), c.toTable().rowCount());
    }

    @Test
    void geneTrendsAreWeightedMeansSpreadsAndQuantiles() {
        // 10 particles on 2 features at 2 times; feature 1 = i at t0 and 2i at t1, weights ∝ i + 1 at t1
        double[] x0 = new double[20];
        double[] x1 = new double[20];
        double[] w0 = new double[10];
        double[] w1 = new double[10];
        for (int i = 0; i < 10; i++) {
            x0[2 * i] = i;
            x1[2 * i] = 2 * i;
            w0[i] = 0.1;
            w1[i] = (i + 1) / 55.0 * 3; // total mass 3: normalisation must not matter
        }
        Simulation sim = new Simulation("ode", new double[] {0, 1}, 2, List.of("a", "b"), List.of(x0, x1),
                List.of(w0, w1));
        GeneTrends g = GeneTrends.of(sim, 0);
        assertEquals(4.5, g.mean()[0], 1e-12);
        assertEquals(Math.sqrt(8.25), g.sd()[0], 1e-12);
        assertEquals(0, g.q10()[0], 0); // cumulative 0.1 reached at the first value
        assertEquals(8, g.q90()[0], 0);
        double m = 0;
        for (int i = 0; i < 10; i++) {
            m += (i + 1) / 55.0 * 2 * i;
        }
        assertEquals(m, g.mean()[1], 1e-12);
        assertEquals(2, g.toTable().rowCount());
        ImageCheck.assertNotBlank(Figures.toImage(g.chart(), 72), "gene trend", 5);
        // by group: particles 0–4 and 5–9; at t1 the group means are weighted by i + 1 within each group
        String[] groups = new String[10];
        for (int i = 0; i < 10; i++) {
            groups[i] = i < 5 ? "low" : "high";
        }
        Map<String, GeneTrends> by = GeneTrends.byGroup(sim, 0, groups);
        assertEquals(List.of("low", "high"), List.copyOf(by.keySet()));
        assertEquals(2.0, by.get("low").mean()[0], 1e-12);
        assertEquals(7.0, by.get("high").mean()[0], 1e-12);
        double num = 0;
        double den = 0;
        for (int i = 5; i < 10; i++) {
            num += (i + 1) * 2.0 * i;
            den += i + 1;
        }
        assertEquals(num / den, by.get("high").mean()[1], 1e-12);
        assertEquals(4.0, by.get("low").q90()[0], 0); // cumulative weight 0.8 at 3, 1.0 at 4
        ImageCheck.assertNotBlank(Figures.toImage(GeneTrends.chart(by, Map.of("low", 5, "high", 5)), 72),
                "gene trends by group", 5);
        assertThrows(RuotException.class, () -> GeneTrends.of(sim, 2));
    }

    @Test
    void comparisonTablePutsFitsSideBySide() {
        double[] times = {0, 1, 2};
        MetricsReport a = new MetricsReport("d", 2, times, 0.1, new MetricsReport.Series(new double[] {Double.NaN, 1, 3},
                new double[] {Double.NaN, 2, 2}, new double[] {Double.NaN, 0.1, 0.3}), new MetricsReport.Series(
                        new double[] {Double.NaN, 5, 7}, new double[] {Double.NaN, 1, 1}, new double[] {Double.NaN, 0, 0}));
        MetricsReport b = new MetricsReport("d", 2, times, 0.2, new MetricsReport.Series(new double[] {Double.NaN, 9, 9},
                new double[] {Double.NaN, 8, 8}, new double[] {Double.NaN, 7, 7}), new MetricsReport.Series(
                        new double[] {Double.NaN, 6, 6}, new double[] {Double.NaN, 5, 5}, new double[] {Double.NaN, 4, 4}));
        Map<String, MetricsReport> fits = new LinkedHashMap<>();
        fits.put("sigma 0.1", a);
        fits.put("sigma 0.2", b);
        Table t = FitComparison.of(fits);
        assertEquals(List.of("mode", "metric", "time", "sigma 0.1", "sigma 0.2"), t.columnNames());
        assertEquals(2 * 3 * 3, t.rowCount());
        assertEquals("ODE", t.stringColumn("mode").get(0));
        assertEquals("W1", t.stringColumn("metric").get(0));
        assertEquals("1", t.stringColumn("time").get(0));
        assertEquals(1, t.doubleColumn("sigma 0.1").get(0), 0);
        assertEquals(9, t.doubleColumn("sigma 0.2").get(0), 0);
        assertEquals("mean", t.stringColumn("time").get(2));
        assertEquals(2, t.doubleColumn("sigma 0.1").get(2), 1e-12);
        assertEquals(6, t.doubleColumn("sigma 0.1").get(11), 1e-12); // SDE W1 mean
        MetricsReport c = new MetricsReport("d", 2, new double[] {0, 1}, 0.1, new MetricsReport.Series(
                new double[2], new double[2], new double[2]), new MetricsReport.Series(new double[2], new double[2],
                        new double[2]));
        fits.put("other times", c);
        assertThrows(RuotException.class, () -> FitComparison.of(fits));
    }

    /** Fields with a known potential s(x) = −½‖x − c‖² (valley of −s at c) and velocity v = (1, 0). */
    static Fields bowl(double[] c) {
        int d = c.length;
        return new Fields() {
            public int dim() {
                return d;
            }

            public double sigma() {
                return 0.1;
            }

            public double[][] velocity(double t, double[][] x) {
                double[][] v = new double[x.length][d];
                for (double[] r : v) {
                    r[0] = 1;
                }
                return v;
            }

            public double[] growth(double t, double[][] x) {
                return new double[x.length];
            }

            public boolean hasScore() {
                return true;
            }

            public double[] score(double t, double[][] x) {
                double[] s = new double[x.length];
                for (int i = 0; i < x.length; i++) {
                    for (int j = 0; j < d; j++) {
                        s[i] -= 0.5 * (x[i][j] - c[j]) * (x[i][j] - c[j]);
                    }
                }
                return s;
            }

            public double[][] scoreGradient(double t, double[][] x) {
                double[][] g = new double[x.length][d];
                for (int i = 0; i < x.length; i++) {
                    for (int j = 0; j < d; j++) {
                        g[i][j] = -(x[i][j] - c[j]);
                    }
                }
                return g;
            }
        };
    }

    @Test
    void landscapeHasItsValleyAtTheMinimumOfMinusSAndArrowsPointThere() {
        double[] c = {1.0, 1.5};
        Landscape l = Landscape.inFeatures(bowl(c), ds.snapshots(), 0, 0, 1);
        double[][] v = l.minusS().values();
        int bi = 0;
        int bj = 0;
        for (int j = 0; j < v.length; j++) {
            for (int i = 0; i < v[j].length; i++) {
                if (v[j][i] < v[bj][bi]) {
                    bi = i;
                    bj = j;
                }
            }
        }
        double dx = l.minusS().xs()[1] - l.minusS().xs()[0];
        double dy = l.minusS().ys()[1] - l.minusS().ys()[0];
        assertEquals(c[0], l.minusS().xs()[bi], dx);
        assertEquals(c[1], l.minusS().ys()[bj], dy);
        for (int q = 0; q < l.gradS().points().length; q++) {
            double[] p = l.gradS().points()[q];
            double[] a = l.gradS().vectors()[q];
            assertEquals(c[0] - p[0], a[0], 1e-12);
            assertEquals(c[1] - p[1], a[1], 1e-12);
        }
        ImageCheck.assertNotBlank(Figures.toImage(l.chart(), 72), "landscape", 50);
        assertThrows(RuotException.class, () -> Landscape.inFeatures(exact, ds.snapshots(), 0, 0, 1));
    }

    @Test
    void pcaLandscapeOfA3dBowlIsCentredOnItsProjection() {
        SplittableRandom r = new SplittableRandom(2);
        Snapshots.Builder b = Snapshots.builder("a", "b", "c");
        for (int i = 0; i < 200; i++) {
            double u = 3 * r.nextDouble();
            b.add(i % 2, u, 0.5 * u + 0.1 * r.nextDouble(), 0.05 * r.nextDouble());
        }
        Snapshots s = b.build();
        Pca pca = Pca.fit(s, 2);
        double[] c = pca.toFeatures(new double[] {0.3, 0.0});
        Landscape l = Landscape.inPcaPlane(bowl(c), s, 0);
        assertEquals("PC1", l.xName());
        double[][] v = l.minusS().values();
        int bi = 0;
        int bj = 0;
        for (int j = 0; j < v.length; j++) {
            for (int i = 0; i < v[j].length; i++) {
                if (v[j][i] < v[bj][bi]) {
                    bi = i;
                    bj = j;
                }
            }
        }
        assertEquals(0.3, l.minusS().xs()[bi], l.minusS().xs()[1] - l.minusS().xs()[0]);
        assertEquals(0.0, l.minusS().ys()[bj], l.minusS().ys()[1] - l.minusS().ys()[0]);
    }

    @Test
    void driftFieldsAddTheScoreAndRender() {
        double[] c = {1.0, 1.0};
        double[][] cells = ds.snapshots().points(2);
        DriftFields f = DriftFields.compute(bowl(c), 0.5, cells, ds.snapshots().features());
        assertEquals(List.of("v", "∇s", "v + ∇s"), List.copyOf(f.vectors().keySet()));
        for (int i = 0; i < cells.length; i++) {
            assertEquals(1 + c[0] - cells[i][0], f.vectors().get("v + ∇s")[i][0], 1e-12);
            assertEquals(c[1] - cells[i][1], f.vectors().get("v + ∇s")[i][1], 1e-12);
        }
        DriftFields truthOnly = DriftFields.compute(exact, 0, cells, ds.snapshots().features());
        assertEquals(List.of("v"), List.copyOf(truthOnly.vectors().keySet()));
        ImageCheck.assertNotBlank(Figures.toImage(f.arrows(0, 1, 80), 72), "drift arrows", 20);
        ImageCheck.assertNotBlank(Figures.toImage(DriftFields.streamlines(exact, 0, cells, ds.snapshots().features(),
                0, 1), 72), "streamlines", 20);
    }
}
