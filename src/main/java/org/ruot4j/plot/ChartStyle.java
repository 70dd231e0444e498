package org.ruot4j.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The one chart style of ruot4j's figures: sizes, fonts, colours, line and marker styles, and the empty charts
 * the factories start from. Time is coloured with the sequential {@link ColourMap#VIRIDIS} map (dark = early,
 * light = late); signed values with the diverging {@link ColourMap#COOLWARM} map; categories (fields, stages,
 * fates, metrics) with the Okabe–Ito colour-blind-safe palette {@link #CATEGORICAL}. Legends sit outside the
 * plot (right) so that they never hide data.
 */
public final class ChartStyle {
    /** Default chart size in points (1/72 inch): 10 × 7.5 inches at 72 dpi, 3000 × 2250 pixels at 300 dpi. */
    public static final int WIDTH = 720;
    public static final int HEIGHT = 540;
    /** Resolution for print. */
    public static final int PRINT_DPI = 300;
    /** Extra width of a {@link FieldChart} for its colour bar. */
    static final int COLOUR_BAR_WIDTH = 60;

    /** Okabe–Ito palette (colour-blind safe), reordered so the first colours contrast most on white. */
    public static final Color[] CATEGORICAL = {new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73),
        new Color(0xCC79A7), new Color(0xE69F00), new Color(0x56B4E9), new Color(0x000000), new Color(0xF0E442)};
    /** Cells drawn as background for arrows and streamlines. */
    static final Color CELL_GREY = new Color(150, 150, 150);
    /** Text, and simulated paths drawn over coloured cells. */
    static final Color INK = new Color(30, 30, 30);
    /** The end points of simulated paths. */
    static final Color PATH_END = new Color(20, 20, 20);
    /** Cells drawn over a heat map. */
    static final Color CELL_ON_RASTER = new Color(255, 255, 255, 170);
    /** The share of a bar that belongs to no category ("undetermined"). */
    static final Color REMAINDER_GREY = new Color(210, 210, 210);
    /** Quantile lines next to a coloured mean. */
    public static final Color QUANTILE_GREY = new Color(120, 120, 120);
    static final Color TRANSPARENT = new Color(0, 0, 0, 0);
    private static final Color AXIS_GREY = new Color(120, 120, 120);
    private static final Color GRID_GREY = new Color(228, 228, 228);
    private static final Color LEGEND_BORDER = new Color(200, 200, 200);

    private static final String FONT = Font.SANS_SERIF;
    static final Font TITLE_FONT = new Font(FONT, Font.BOLD, 15);
    static final Font AXIS_TITLE_FONT = new Font(FONT, Font.PLAIN, 13);
    static final Font TICK_FONT = new Font(FONT, Font.PLAIN, 11);
    /** Labels written into the plot area (e.g. stage names over loss curves). */
    static final Font ANNOTATION_FONT = new Font(FONT, Font.BOLD, 12);
    static final Color ANNOTATION_TEXT = Color.DARK_GRAY;
    /** Lines between the stages of a loss chart. */
    static final Color STAGE_LINE = Color.GRAY;

    private ChartStyle() {
    }

    /**
     * The colour of each loss term the trainer records, by name, so that a term has the same colour in every chart
     * (report.html, {@code %ruot plot}, the live chart of a running stage) whatever other terms a history holds.
     * Terms that rank fits rather than train them (ot_last, score_offset, selection, validation, lr) are dashed.
     */
    private static final Map<String, Color> TERM_COLOURS = Map.ofEntries(
            Map.entry("loss", INK), Map.entry("total", INK),
            Map.entry("ot", CATEGORICAL[0]), Map.entry("mass_local", CATEGORICAL[1]),
            Map.entry("energy", CATEGORICAL[2]), Map.entry("fokker_planck", CATEGORICAL[3]),
            Map.entry("mass_global", CATEGORICAL[4]), Map.entry("ot_last", CATEGORICAL[5]),
            Map.entry("init_density", new Color(0x882255)), Map.entry("score", new Color(0x332288)),
            Map.entry("penalty", new Color(0x999933)), Map.entry("score_offset", new Color(0x7F7F7F)),
            Map.entry("selection", new Color(0x44AA99)), Map.entry("validation", new Color(0x8C564B)),
            Map.entry("lr", new Color(0xAAAAAA)));
    private static final java.util.Set<String> MONITOR_TERMS = java.util.Set.of("ot_last", "score_offset", "selection",
            "validation", "lr");
    /** Colours for terms not in the table, picked by a hash of the name (so still fixed per name). */
    private static final Color[] OTHER_TERMS = {new Color(0x117733), new Color(0xAA4499), new Color(0x661100),
        new Color(0x6699CC), new Color(0xDDCC77), new Color(0x888888)};

    /** The fixed colour of loss term {@code term} (same name, same colour, in every chart). */
    public static Color termColour(String term) {
        Color c = TERM_COLOURS.get(term);
        return c != null ? c : OTHER_TERMS[Math.floorMod(term.hashCode(), OTHER_TERMS.length)];
    }

    /** The line of loss term {@code term}: the total thick, monitors and terms outside the table dashed. */
    public static BasicStroke termStroke(String term) {
        boolean total = term.equals("loss") || term.equals("total");
        float width = total ? 2.2f : 1.4f;
        if (MONITOR_TERMS.contains(term) || !TERM_COLOURS.containsKey(term)) {
            return dashedStroke(width, 5f, 4f);
        }
        return new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    }

    /** Colour of time index k of n on the sequential map (the lightest 10% of viridis is left out: too pale). */
    public static Color timeColour(int k, int n) {
        return ColourMap.VIRIDIS.at(n <= 1 ? 0 : 0.9 * k / (n - 1));
    }

    /** A dashed line {@code width} points wide: {@code on} points drawn, {@code off} points left out. */
    public static BasicStroke dashedStroke(float width, float on, float off) {
        return new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {on, off}, 0f);
    }

    /** A series that shapes the axes but is not drawn and not listed in the legend. */
    static void hidden(XYSeries s) {
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(TRANSPARENT);
        s.setShowInLegend(false);
    }

    /**
     * Sets tick-label patterns on linear axes from the data range, so labels read "0.05" (XChart's default
     * pattern writes ".05") and carry as many decimals as the tick step needs.
     */
    public static <C extends Chart<?, ?>> C finish(C chart) {
        if (chart instanceof XYChart c) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (XYSeries s : c.getSeriesMap().values()) {
                for (double v : s.getXData()) {
                    xs.add(v);
                }
                for (double v : s.getYData()) {
                    ys.add(v);
                }
            }
            if (c.getStyler().isYAxisLogarithmic()) {
                logTicks(c, ys);
            }
            if (!c.getStyler().isXAxisLogarithmic()) {
                String px = decimalPattern(xs, c.getStyler().getXAxisMin(), c.getStyler().getXAxisMax());
                if (px != null) {
                    c.getStyler().setXAxisDecimalPattern(px);
                }
            }
            if (!c.getStyler().isYAxisLogarithmic()) {
                String py = decimalPattern(ys, c.getStyler().getYAxisMin(), c.getStyler().getYAxisMax());
                if (py != null) {
                    c.getStyler().setYAxisDecimalPattern(py);
                }
            }
        } else if (chart instanceof CategoryChart c && !c.getStyler().isYAxisLogarithmic()) {
            List<Double> ys = new ArrayList<>();
            for (CategorySeries s : c.getSeriesMap().values()) {
                for (Number v : s.getYData()) {
                    ys.add(v.doubleValue());
                }
            }
            String py = decimalPattern(ys, c.getStyler().getYAxisMin(), c.getStyler().getYAxisMax());
            if (py != null) {
                c.getStyler().setYAxisDecimalPattern(py);
            }
        }
        return chart;
    }

    /** Below this ratio of the largest to the smallest value a log axis labels every 1…9 × 10ᵏ tick. */
    static final double LOG_ALL_LABELS_RATIO = 8;

    /**
     * Readable labels on a log Y axis: XChart either labels every 1…9 × 10ᵏ tick (they overlap past about one
     * decade) or decades only (a range such as 0.02…0.9 then shows a single label, 0.1). Narrow ranges (largest /
     * smallest below {@link #LOG_ALL_LABELS_RATIO}) keep every label; wider ones show decades only, and the axis is
     * widened to the decade below the data (and, if needed, above) until at least two decades are labelled.
     */
    static void logTicks(XYChart c, List<Double> ys) {
        // the range of the values a log axis can show (positive and finite); none: the unit range
        DoubleSummaryStatistics shown = ys.stream().filter(v -> v > 0 && Double.isFinite(v))
                .mapToDouble(v -> v).summaryStatistics();
        double lo = shown.getCount() == 0 ? 1 : shown.getMin();
        double hi = shown.getCount() == 0 ? 1 : shown.getMax();
        Double fixedMin = c.getStyler().getYAxisMin();
        Double fixedMax = c.getStyler().getYAxisMax();
        if (fixedMin != null && fixedMin > 0) {
            lo = fixedMin;
        }
        if (fixedMax != null && fixedMax > 0) {
            hi = Math.max(hi, fixedMax);
        }
        if (!(hi / lo >= LOG_ALL_LABELS_RATIO)) {
            c.getStyler().setYAxisLogarithmicDecadeOnly(false);
            return;
        }
        c.getStyler().setYAxisLogarithmicDecadeOnly(true);
        if (decadesWithin(lo, hi) < 2) {
            lo = Math.pow(10, Math.floor(Math.log10(lo) + 1e-9));
            c.getStyler().setYAxisMin(lo);
        }
        if (decadesWithin(lo, hi) < 2) {
            c.getStyler().setYAxisMax(Math.pow(10, Math.ceil(Math.log10(hi) - 1e-9)));
        }
    }

    /** The number of powers of ten in [lo, hi]. */
    static int decadesWithin(double lo, double hi) {
        return (int) (Math.floor(Math.log10(hi) + 1e-9) - Math.ceil(Math.log10(lo) - 1e-9) + 1);
    }

    /** "0.##…" with enough decimals for about 8 ticks over the range; null (XChart's default) for extreme ranges. */
    static String decimalPattern(List<Double> values, Double fixedMin, Double fixedMax) {
        double lo = fixedMin != null ? fixedMin : Double.POSITIVE_INFINITY;
        double hi = fixedMax != null ? fixedMax : Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (Double.isFinite(v)) {
                if (fixedMin == null) {
                    lo = Math.min(lo, v);
                }
                if (fixedMax == null) {
                    hi = Math.max(hi, v);
                }
            }
        }
        double big = Math.max(Math.abs(lo), Math.abs(hi));
        if (!(hi > lo) || big >= 1e6 || big < 1e-4) {
            return null;
        }
        double step = (hi - lo) / 8;
        int decimals = (int) Math.max(0, Math.ceil(-Math.log10(step)) + 1);
        return decimals == 0 ? "0" : "0." + "#".repeat(decimals);
    }

    /** An empty XY chart in this style ({@link #WIDTH} × {@link #HEIGHT}); call {@link #finish} once it has data. */
    public static XYChart xyChart(String title, String xTitle, String yTitle) {
        XYChart c = new XYChart(WIDTH, HEIGHT);
        setup(c, title, xTitle, yTitle);
        return finish(c);
    }

    static FieldChart fieldChart(String title, String xTitle, String yTitle) {
        FieldChart c = new FieldChart(WIDTH + COLOUR_BAR_WIDTH, HEIGHT);
        setup(c, title, xTitle, yTitle);
        return finish(c);
    }

    static CategoryChart categoryChart(String title, String xTitle, String yTitle) {
        CategoryChart c = new CategoryChart(WIDTH, HEIGHT);
        c.setTitle(title);
        c.setXAxisTitle(xTitle);
        c.setYAxisTitle(yTitle);
        style(c.getStyler());
        c.getStyler().setSeriesColors(CATEGORICAL);
        c.getStyler().setAvailableSpaceFill(0.7);
        return finish(c);
    }

    static void setup(XYChart c, String title, String xTitle, String yTitle) {
        c.setTitle(title);
        c.setXAxisTitle(xTitle);
        c.setYAxisTitle(yTitle);
        style(c.getStyler());
        c.getStyler().setSeriesColors(CATEGORICAL);
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        c.getStyler().setMarkerSize(5);
    }

    static void style(AxesChartStyler st) {
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setPlotBorderColor(AXIS_GREY);
        st.setPlotGridLinesColor(GRID_GREY);
        st.setChartFontColor(INK);
        st.setChartTitleFont(TITLE_FONT);
        st.setChartTitleBoxVisible(false);
        st.setAxisTitleFont(AXIS_TITLE_FONT);
        st.setAxisTickLabelsFont(TICK_FONT);
        st.setLegendFont(TICK_FONT);
        st.setLegendPosition(Styler.LegendPosition.OutsideE);
        st.setLegendBorderColor(LEGEND_BORDER);
        st.setLegendBackgroundColor(Color.WHITE);
        st.setToolTipsEnabled(false);
        st.setChartPadding(12);
        st.setAxisTickPadding(6);
        st.setXAxisTickMarkSpacingHint(90); // fewer, readable tick labels (epoch counts run into each other)
        st.setYAxisTickMarkSpacingHint(60);
        st.setXAxisLogarithmicDecadeOnly(false);
        st.setYAxisLogarithmicDecadeOnly(false);
        st.setAntiAlias(true);
    }

    static void scatter(XYSeries s, Color c, double size) {
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(new Dot(size));
        s.setMarkerColor(c);
    }

    /** A filled circle of fixed diameter: XChart 3.8 sizes markers per chart only, these figures need per series. */
    static final class Dot extends org.knowm.xchart.style.markers.Marker {
        private final double diameter;

        Dot(double diameter) {
            this.diameter = diameter;
        }

        double diameter() {
            return diameter;
        }

        @Override
        public void paint(Graphics2D g, double x, double y, int ignoredChartMarkerSize) {
            g.fill(new java.awt.geom.Ellipse2D.Double(x - diameter / 2, y - diameter / 2, diameter, diameter));
        }
    }

    static void line(XYSeries s, Color c, float width, boolean dashed) {
        line(s, c, dashed ? dashedStroke(width, 5f, 4f) : new BasicStroke(width, BasicStroke.CAP_ROUND,
                BasicStroke.JOIN_ROUND));
    }

    /** Draws the series as a line (no markers) in colour {@code c} with {@code stroke}. */
    public static void line(XYSeries s, Color c, BasicStroke stroke) {
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(c);
        s.setLineStyle(stroke);
    }
}
