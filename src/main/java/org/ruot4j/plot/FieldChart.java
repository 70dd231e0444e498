package org.ruot4j.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;

/**
 * An {@link XYChart} that can also paint three things XChart lacks, so that every renderer of XY charts (the
 * notebook, {@code BitmapEncoder}, {@code VectorGraphicsEncoder}, {@link Figures#savePng}) shows them:
 *
 * <ul>
 *   <li>a <b>colour bar</b> for a continuous colour scale, in a strip reserved at the right edge of the
 *       chart (the plot and legend are laid out in the remaining width) and aligned with the plot area;</li>
 *   <li>a <b>background raster</b> (a heat map) in data coordinates, under the grid and the series;</li>
 *   <li><b>arrow layers</b>: XY line series whose arrow heads are recomputed at paint time in screen space,
 *       so heads keep their shape and size whatever the aspect ratio of the axes.</li>
 * </ul>
 *
 * <p>Why a subclass and not a separate colour-bar image glued to the chart: the chart stays one object that
 * any XChart renderer draws whole (PNG, SVG, inline in Jupyter), and the bar lines up with the plot area.
 * Charts with a raster or arrows are painted twice: once on a 1×1 scratch image to learn the data → screen
 * mapping, then for real.
 */
public class FieldChart extends XYChart {
    private static final int BAR_THICKNESS = 14;

    private ColourMap scaleMap;
    private double scaleMin;
    private double scaleMax;
    private String scaleLabel;

    private BufferedImage raster;
    private double rasterX0;
    private double rasterX1;
    private double rasterY0;
    private double rasterY1;

    private final List<ArrowLayer> arrowLayers = new ArrayList<>();
    private boolean layoutKnown;

    /** Arrows from tails to tips (data units) drawn as one line series; heads are {@code headPx} long. */
    private record ArrowLayer(String series, double[][] tails, double[][] tips, double headPx, boolean fixedHead) {
    }

    public FieldChart(int width, int height) {
        super(width, height);
    }

    /** Shows a colour bar for values in [min, max] coloured by {@code map}, titled {@code label}. */
    public void setColourScale(ColourMap map, double min, double max, String label) {
        if (!(max > min) || !Double.isFinite(min) || !Double.isFinite(max)) {
            throw new IllegalArgumentException("colour scale needs finite min < max, got " + min + ", " + max);
        }
        this.scaleMap = map;
        this.scaleMin = min;
        this.scaleMax = max;
        this.scaleLabel = label;
    }

    public boolean hasColourScale() {
        return scaleMap != null;
    }

    public ColourMap colourMap() {
        return scaleMap;
    }

    public double scaleMin() {
        return scaleMin;
    }

    public double scaleMax() {
        return scaleMax;
    }

    public String scaleLabel() {
        return scaleLabel;
    }

    /**
     * Paints {@code image} under the series so that its left, right, bottom and top edges sit at x0, x1, y0, y1
     * (image row 0 is the top, y1). The plot background should be transparent for the raster to show.
     */
    public void setRaster(BufferedImage image, double x0, double x1, double y0, double y1) {
        this.raster = image;
        this.rasterX0 = x0;
        this.rasterX1 = x1;
        this.rasterY0 = y0;
        this.rasterY1 = y1;
    }

    /**
     * Adds a line series named {@code name} drawing arrows from {@code tails[i]} to {@code tips[i]} (data
     * units, two columns). Heads are {@code headPx} long in chart pixels (at 72 dpi), shortened to half the
     * arrow for short arrows unless {@code fixedHead}. Style the returned series (colour, stroke) as usual.
     */
    public org.knowm.xchart.XYSeries addArrows(String name, double[][] tails, double[][] tips, double headPx,
            boolean fixedHead) {
        if (tails.length != tips.length || tails.length == 0) {
            throw new IllegalArgumentException("arrows: need the same positive number of tails and tips");
        }
        ArrowLayer layer = new ArrowLayer(name, tails, tips, headPx, fixedHead);
        arrowLayers.add(layer);
        double[] guess = guessScale();
        double[][] xy = arrowPolyline(layer, guess[0], guess[1]);
        org.knowm.xchart.XYSeries s = addSeries(name, xy[0], xy[1]);
        s.setXYSeriesRenderStyle(org.knowm.xchart.XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(org.knowm.xchart.style.markers.SeriesMarkers.NONE);
        return s;
    }

    /** Pixels per data unit before any layout: the plot is about 75% of the chart in each direction. */
    private double[] guessScale() {
        double xmin = Double.POSITIVE_INFINITY;
        double xmax = Double.NEGATIVE_INFINITY;
        double ymin = Double.POSITIVE_INFINITY;
        double ymax = Double.NEGATIVE_INFINITY;
        for (ArrowLayer l : arrowLayers) {
            for (double[][] pts : new double[][][] {l.tails, l.tips}) {
                for (double[] p : pts) {
                    xmin = Math.min(xmin, p[0]);
                    xmax = Math.max(xmax, p[0]);
                    ymin = Math.min(ymin, p[1]);
                    ymax = Math.max(ymax, p[1]);
                }
            }
        }
        double sx = 0.75 * getWidth() / Math.max(xmax - xmin, 1e-12);
        double sy = 0.75 * getHeight() / Math.max(ymax - ymin, 1e-12);
        return new double[] {sx, sy};
    }

    /**
     * The polyline of an arrow layer, NaN-separated: per arrow tail, tip, gap, left barb, tip, right barb,
     * gap. Barbs are built in screen space (sx, sy pixels per data unit) at ±25° from the reversed direction.
     */
    static double[][] arrowPolyline(ArrowLayer l, double sx, double sy) {
        int n = l.tails.length;
        double[] x = new double[7 * n];
        double[] y = new double[7 * n];
        double cos = Math.cos(Math.toRadians(25));
        double sin = Math.sin(Math.toRadians(25));
        for (int i = 0; i < n; i++) {
            double[] a = l.tails[i];
            double[] b = l.tips[i];
            int o = 7 * i;
            x[o] = a[0];
            y[o] = a[1];
            x[o + 1] = b[0];
            y[o + 1] = b[1];
            x[o + 2] = Double.NaN;
            y[o + 2] = Double.NaN;
            double dxs = (b[0] - a[0]) * sx;
            double dys = (b[1] - a[1]) * sy;
            double len = Math.hypot(dxs, dys);
            if (len < 1e-9) { // no direction: no head, the three head points collapse onto the tip
                for (int j = 3; j < 6; j++) {
                    x[o + j] = b[0];
                    y[o + j] = b[1];
                }
            } else {
                double h = l.fixedHead ? l.headPx : Math.min(l.headPx, 0.5 * len);
                double ux = -dxs / len;
                double uy = -dys / len;
                x[o + 3] = b[0] + h * (ux * cos - uy * sin) / sx;
                y[o + 3] = b[1] + h * (ux * sin + uy * cos) / sy;
                x[o + 4] = b[0];
                y[o + 4] = b[1];
                x[o + 5] = b[0] + h * (ux * cos + uy * sin) / sx;
                y[o + 5] = b[1] + h * (-ux * sin + uy * cos) / sy;
            }
            x[o + 6] = Double.NaN;
            y[o + 6] = Double.NaN;
        }
        return new double[][] {x, y};
    }

    static double[][] arrowPolylineForTest(double[][] tails, double[][] tips, double headPx, double sx, double sy) {
        return arrowPolyline(new ArrowLayer("t", tails, tips, headPx, false), sx, sy);
    }

    @Override
    public void paint(Graphics2D g, int width, int height) {
        int bar = hasColourScale() ? colourBarWidth(g) : 0;
        int inner = Math.max(width - bar, 50);
        if (raster != null || !arrowLayers.isEmpty()) {
            // layout pass: learn the data -> screen mapping, then rebuild the arrow heads for it
            BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
            Graphics2D sg = scratch.createGraphics();
            try {
                sg.setRenderingHints(g.getRenderingHints());
                sg.setTransform(g.getTransform());
                layoutKnown = false;
                super.paint(sg, inner, height);
                layoutKnown = true;
                if (!arrowLayers.isEmpty()) {
                    double sx = getScreenXFromChart(1) - getScreenXFromChart(0);
                    double sy = getScreenYFromChart(0) - getScreenYFromChart(1);
                    if (sx > 0 && sy > 0 && Double.isFinite(sx) && Double.isFinite(sy)) {
                        for (ArrowLayer l : arrowLayers) {
                            double[][] xy = arrowPolyline(l, sx, sy);
                            updateXYSeries(l.series, xy[0], xy[1], null);
                        }
                    }
                }
            } finally {
                sg.dispose();
            }
        }
        if (bar > 0) { // one background under chart and bar: two abutting fills leave an anti-aliased seam
            g.setColor(getStyler().getChartBackgroundColor());
            g.fill(new Rectangle2D.Double(0, 0, width, height));
        }
        super.paint(g, inner, height);
        setWidth(width);
        if (bar > 0) {
            paintColourBar(g, inner);
        }
    }

    @Override
    protected void paintBackground(Graphics2D g) {
        super.paintBackground(g);
        if (raster != null && layoutKnown) {
            double left = getScreenXFromChart(rasterX0);
            double right = getScreenXFromChart(rasterX1);
            double top = getScreenYFromChart(rasterY1);
            double bottom = getScreenYFromChart(rasterY0);
            Shape clip = g.getClip();
            Rectangle2D plotArea = plot.getBounds();
            if (plotArea != null && plotArea.getWidth() > 0) {
                g.clip(plotArea);
            }
            // no interpolation hint: vector back ends (SVG) reject it; callers pass a finely sampled raster
            AffineTransform at = new AffineTransform();
            at.translate(left, top);
            at.scale((right - left) / raster.getWidth(), (bottom - top) / raster.getHeight());
            g.drawImage(raster, at, null);
            g.setClip(clip);
        }
    }

    private Font tickFont() {
        return getStyler().getAxisTickLabelsFont();
    }

    private Font titleFont() {
        return getStyler().getAxisTitleFont();
    }

    private int colourBarWidth(Graphics2D g) {
        FontMetrics tm = g.getFontMetrics(tickFont());
        int labels = 0;
        double[] ticks = Ticks.nice(scaleMin, scaleMax, 7);
        for (double v : ticks) {
            labels = Math.max(labels, tm.stringWidth(Ticks.format(v, ticks)));
        }
        int title = scaleLabel == null || scaleLabel.isEmpty() ? 0 : g.getFontMetrics(titleFont()).getHeight() + 6;
        return 8 + BAR_THICKNESS + 4 + 4 + labels + 6 + title + 6;
    }

    private void paintColourBar(Graphics2D g, int x) {
        Rectangle2D plotArea = plot.getBounds();
        double top = plotArea.getY();
        double h = plotArea.getHeight();
        double bx = x + 8;
        int steps = 128;
        for (int i = 0; i < steps; i++) { // strips from the top (max) down; overlap by a hair to avoid seams
            g.setColor(scaleMap.at(1 - (i + 0.5) / steps));
            g.fill(new Rectangle2D.Double(bx, top + h * i / steps, BAR_THICKNESS, h / steps + 0.6));
        }
        g.setColor(getStyler().getPlotBorderColor() == null ? Color.DARK_GRAY : getStyler().getPlotBorderColor());
        g.setStroke(new BasicStroke(0.8f));
        g.draw(new Rectangle2D.Double(bx, top, BAR_THICKNESS, h));
        g.setFont(tickFont());
        FontMetrics tm = g.getFontMetrics();
        Color text = getStyler().getChartFontColor();
        int labels = 0;
        double[] ticks = Ticks.nice(scaleMin, scaleMax, 7);
        for (double v : ticks) {
            double ty = top + h * (scaleMax - v) / (scaleMax - scaleMin);
            g.setColor(Color.DARK_GRAY);
            g.draw(new java.awt.geom.Line2D.Double(bx + BAR_THICKNESS, ty, bx + BAR_THICKNESS + 4, ty));
            String s = Ticks.format(v, ticks);
            labels = Math.max(labels, tm.stringWidth(s));
            g.setColor(text);
            g.drawString(s, (float) (bx + BAR_THICKNESS + 7), (float) (ty + tm.getAscent() / 2.0 - 1));
        }
        if (scaleLabel != null && !scaleLabel.isEmpty()) {
            g.setFont(titleFont());
            FontMetrics fm = g.getFontMetrics();
            AffineTransform saved = g.getTransform();
            double cx = bx + BAR_THICKNESS + 7 + labels + 6 + fm.getAscent();
            double cy = top + h / 2 + fm.stringWidth(scaleLabel) / 2.0;
            g.translate(cx, cy);
            g.rotate(-Math.PI / 2);
            g.setColor(text);
            g.drawString(scaleLabel, 0f, 0f);
            g.setTransform(saved);
        }
    }

    /** Nice tick values and their labels, shared by the colour bar and the tests. */
    static final class Ticks {
        private Ticks() {
        }

        /** About {@code target} values k·step in [min, max] with step ∈ {1, 2, 2.5, 5}·10^e. */
        static double[] nice(double min, double max, int target) {
            double raw = (max - min) / Math.max(1, target - 1);
            double e = Math.pow(10, Math.floor(Math.log10(raw)));
            double step = 10 * e;
            for (double m : new double[] {1, 2, 2.5, 5, 10}) {
                if (m * e >= raw) {
                    step = m * e;
                    break;
                }
            }
            long first = (long) Math.ceil(min / step - 1e-9);
            long last = (long) Math.floor(max / step + 1e-9);
            double[] v = new double[(int) Math.max(0, last - first + 1)];
            for (int i = 0; i < v.length; i++) {
                v[i] = (first + i) * step;
                if (Math.abs(v[i]) < 1e-12 * step) {
                    v[i] = 0; // no "-0"
                }
            }
            return v;
        }

        /** Label of tick value v among {@code ticks}: as many decimals as the tick step needs. */
        static String format(double v, double[] ticks) {
            double span = 0;
            for (double t : ticks) {
                span = Math.max(span, Math.abs(t));
            }
            if (span >= 1e5 || (span < 1e-3 && span > 0)) {
                return new DecimalFormat("0.##E0").format(v);
            }
            double step = ticks.length > 1 ? ticks[1] - ticks[0] : Math.max(Math.abs(v), 1);
            int decimals = (int) Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
            if (Math.abs(step * Math.pow(10, decimals) - Math.rint(step * Math.pow(10, decimals))) > 1e-6) {
                decimals++; // steps like 0.25
            }
            return String.format(java.util.Locale.ROOT, "%." + decimals + "f", v);
        }
    }
}
