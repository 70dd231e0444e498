package org.ruot4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.Map;
import javax.imageio.ImageIO;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.ruot4j.data.Snapshots;
import org.ruot4j.train.MetricsReport;
import org.ruot4j.train.TrainingHistory;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class RenderersTest {
    private final Renderer renderer = new Renderer();

    RenderersTest() {
        Renderers.registerAll(renderer);
    }

    @Test
    void tableShowsItsFirstRowsAndShape() {
        double[] x = new double[25];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        Table t = Table.create("cells", DoubleColumn.create("x", x), StringColumn.create("tag", new String[25]));
        t.stringColumn("tag").set(0, "<b>");
        DisplayData d = renderer.render(t);
        String html = (String) d.getData(MIMEType.TEXT_HTML);
        assertTrue(html.contains("25 rows × 2 columns (first 20 shown)"), html);
        assertTrue(html.contains("<td>19</td>") && !html.contains("<td>20</td>"), html);
        assertTrue(html.contains("&lt;b&gt;"), "cell text is escaped: " + html);
        assertTrue(d.getData(MIMEType.TEXT_PLAIN) != null);
    }

    @Test
    void tableDoublesShowSixSignificantDigits() {
        Table t = Table.create("d", DoubleColumn.create("x", 0.1 + 0.2, 1234567.891, 1.23456789e-7, 2.5e-8, -0.5,
                0.0), StringColumn.create("s", "a", "b", "c", "d", "e", "f"));
        String html = Renderers.tableHtml(t);
        for (String cell : new String[] {"<td>0.3</td>", "<td>1.23457e+06</td>", "<td>1.23457e-07</td>",
                "<td>2.5e-08</td>", "<td>-0.5</td>", "<td>0</td>"}) {
            assertTrue(html.contains(cell), cell + " in " + html);
        }
        assertTrue(!html.contains("0.30000000000000004"), html);
    }

    @Test
    void tableHonoursAColumnsOwnPrintFormat() {
        DoubleColumn own = DoubleColumn.create("3 decimals", 0.0591663, 1.0, 0.12345678);
        java.text.NumberFormat f = java.text.NumberFormat.getInstance(java.util.Locale.ROOT);
        f.setMinimumFractionDigits(3);
        f.setMaximumFractionDigits(3);
        own.setPrintFormatter(f, "n/a");
        DoubleColumn pct = DoubleColumn.create("share", 0.25, 0.5, Double.NaN);
        pct.setPrintFormatter(tech.tablesaw.columns.numbers.NumberColumnFormatter.percent(1));
        DoubleColumn plain = DoubleColumn.create("plain", 0.0591663, 0.1 + 0.2, 2.0);
        String html = Renderers.tableHtml(Table.create("t", own, pct, plain));
        for (String cell : new String[] {"<td>0.059</td>", "<td>1.000</td>", "<td>0.123</td>", "<td>25.0%</td>",
            "<td>50.0%</td>", "<td>0.0591663</td>", "<td>0.3</td>", "<td>2</td>"}) {
            assertTrue(html.contains(cell), cell + " in " + html);
        }
        assertTrue(!html.contains("0.0591663</td><td>25"), "the formatted column is not shown with 6 digits: " + html);
    }

    @Test
    void growthSummaryFractionsAreLabelledAndShownAsFractions() {
        Snapshots s = Snapshots.builder("a", "b").add(0, 0, 0).add(0, 1, 1).add(1, 0, 0).add(1, 1, 1).build();
        org.ruot4j.analysis.GrowthMap gm = new org.ruot4j.analysis.GrowthMap(s, new double[][] {{0.5, 0.2}, {-0.3,
            0.001}}, 0.01);
        String html = Renderers.tableHtml(gm.summary());
        assertTrue(html.contains("fraction proliferating (g &gt; τ)") && html.contains("fraction dying (g &lt; −τ)")
                && html.contains("growth by time (τ = 0.01)"), html);
        assertTrue(html.contains("<td>1.000</td><td>0.000</td><td>0.000</td>"), "t = 0: all proliferate " + html);
        assertTrue(html.contains("<td>0.000</td><td>0.500</td><td>0.500</td>"), "t = 1: half balanced " + html);
    }

    @Test
    void chartBecomesAPngOfItsSize() throws Exception {
        XYChart c = new XYChartBuilder().width(210).height(120).title("t").build();
        c.addSeries("s", new double[] {0, 1}, new double[] {1, 0});
        DisplayData d = renderer.render(c);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(
                Base64.getMimeDecoder().decode((String) d.getData(MIMEType.IMAGE_PNG))));
        assertEquals(210, img.getWidth());
        assertEquals(120, img.getHeight());
        assertEquals("XYChart \"t\" (210×120)", d.getData(MIMEType.TEXT_PLAIN));
    }

    @Test
    void metricsAreAnHtmlTableAndHistoryAChart() {
        MetricsReport r = new MetricsReport("toy", 2, new double[] {0, 1}, 0.1,
                new MetricsReport.Series(new double[] {Double.NaN, 0.5}, new double[] {Double.NaN, 0.6},
                        new double[] {Double.NaN, 0.01}),
                new MetricsReport.Series(new double[] {Double.NaN, 0.7}, new double[] {Double.NaN, 0.8},
                        new double[] {Double.NaN, 0.02}));
        String html = (String) renderer.render(r).getData(MIMEType.TEXT_HTML);
        assertTrue(html.contains("<b>toy</b>") && html.contains("<td>0.5000</td>") && html.contains("SDE W2"), html);
        TrainingHistory h = new TrainingHistory();
        h.add(new TrainingHistory.Row("pretrain", 1, 0.5, Map.of("ot", 2.0)));
        h.add(new TrainingHistory.Row("pretrain", 2, 1.0, Map.of("ot", 1.0)));
        DisplayData d = renderer.render(h);
        assertTrue(d.hasDataForType(MIMEType.IMAGE_PNG));
        assertEquals("training history: 2 rows; last: pretrain epoch 2 ot 1.000", d.getData(MIMEType.TEXT_PLAIN));
    }

    @Test
    void snapshotsSummaryListsTimesCountsAndMasses() {
        Snapshots s = Snapshots.builder("g1", "g2").source("toy.csv").add(0, 1, 2).add(0, 2, 3).add(0, 3, 4)
                .add(1.5, 0, 0).add(1.5, 1, 1).build();
        String html = (String) renderer.render(s).getData(MIMEType.TEXT_HTML);
        assertTrue(html.contains("<b>toy.csv</b>: 2 time points, 5 cells, D = 2 (g1, g2)"), html);
        assertTrue(html.contains("<tr><td>1.5</td><td>2</td><td>0.6667</td></tr>"), html);
    }
}
