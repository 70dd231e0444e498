package org.ruot4j.kernel;

import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import javax.imageio.ImageIO;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dflib.jjava.jupyter.kernel.display.RenderContext;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.ruot4j.Session;
import org.ruot4j.data.Snapshots;
import org.ruot4j.dynamics.RuotModel;
import org.ruot4j.train.MetricsReport;
import org.ruot4j.train.Simulation;
import org.ruot4j.train.TrainingConfig;
import org.ruot4j.train.TrainingHistory;
import tech.tablesaw.api.Table;

/**
 * How notebook values look: the one place where the kernel's renderers are registered. Tablesaw tables and
 * ruot4j results become HTML (with a plain-text form for consoles), XChart charts and training histories
 * become PNG images.
 */
public final class Renderers {
    /** Rows of a table shown inline; the shape line tells how many there are in all. */
    public static final int TABLE_ROWS = 20;

    private Renderers() {
    }

    /** Registers every ruot4j renderer on jjava-jupyter's {@link Renderer}. */
    public static void registerAll(Renderer renderer) {
        html(renderer, Table.class, Renderers::tableHtml, t -> t.print(TABLE_ROWS));
        // Replaces jjava-jupyter's image renderer (see pngBase64); images are PNG, with a text form for consoles.
        // jjava-jupyter's renderer: the renderer runs every function registered for the most specific class that
        // has any, in order; registered for BufferedImage, ours alone runs for it, and for other RenderedImages
        // it runs after jjava-jupyter's and overwrites its PNG.
        for (Class<? extends RenderedImage> type : List.of(java.awt.image.BufferedImage.class, RenderedImage.class)) {
            renderer.createRegistration(type).preferring(MIMEType.IMAGE_PNG, MIMEType.TEXT_PLAIN).register((img, ctx) -> {
                ctx.renderIfRequested(MIMEType.IMAGE_PNG, () -> pngBase64(img));
                ctx.renderIfRequested(MIMEType.TEXT_PLAIN, () -> "image " + img.getWidth() + "×" + img.getHeight());
            });
        }
        renderer.createRegistration(Chart.class).preferring(MIMEType.IMAGE_PNG, MIMEType.TEXT_PLAIN)
                .register((chart, ctx) -> png(chart, ctx, chartText(chart)));
        renderer.createRegistration(TrainingHistory.class).preferring(MIMEType.IMAGE_PNG, MIMEType.TEXT_PLAIN)
                .register((h, ctx) -> {
                    if (h.isEmpty()) { // the report's loss chart needs rows
                        ctx.renderIfRequested(MIMEType.TEXT_PLAIN, () -> historyText(h));
                    } else {
                        png(org.ruot4j.analysis.Report.lossChart(h), ctx, historyText(h));
                    }
                });
        html(renderer, MetricsReport.class, Renderers::metricsHtml, MetricsReport::toTable);
        html(renderer, Snapshots.class, Renderers::snapshotsHtml, Snapshots::toString);
        html(renderer, RuotModel.class, Renderers::modelHtml, Renderers::modelText);
        html(renderer, Session.class, s -> statusHtml(s.status()), s -> s.status().toString());
        html(renderer, Session.Status.class, Renderers::statusHtml, Session.Status::toString);
        html(renderer, Simulation.class, Renderers::simulationHtml, Renderers::simulationText);
        html(renderer, TrainingConfig.class, c -> "<pre>" + esc(c.toText()) + "</pre>", TrainingConfig::toText);
    }

    private static <T> void html(Renderer renderer, Class<T> type, java.util.function.Function<T, String> html,
            java.util.function.Function<T, String> text) {
        renderer.createRegistration(type).preferring(MIMEType.TEXT_HTML, MIMEType.TEXT_PLAIN).register((v, ctx) -> {
            ctx.renderIfRequested(MIMEType.TEXT_HTML, () -> html.apply(v));
            ctx.renderIfRequested(MIMEType.TEXT_PLAIN, () -> text.apply(v));
        });
    }

    private static void png(Chart<?, ?> chart, RenderContext ctx, String text) {
        if (ctx.wantsDataRenderedAs(MIMEType.IMAGE_PNG)) {
            ctx.renderIfRequested(MIMEType.IMAGE_PNG, () -> pngBase64(BitmapEncoder.getBufferedImage(chart)));
        }
        ctx.renderIfRequested(MIMEType.TEXT_PLAIN, () -> text);
    }

    /**
     * The PNG encoding of an image, base64 as Jupyter stores it. Encoded here, to a complete byte array, then
     * base64-encoded in one piece: jjava-jupyter 1.0-a6's {@code Image.renderImage} wraps its output in a base64
     * stream it never closes, so the last one or two bytes of every PNG whose length is not a multiple of three
     * (the end of the IEND chunk's CRC) were lost — 24 of 38 images in the executed tutorials. Browsers shrug
     * that off; ImageMagick and most converters refuse the file.
     */
    public static String pngBase64(RenderedImage image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", bytes)) {
                throw new IllegalStateException("no PNG writer for " + image);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("PNG encoding failed", e); // writing to memory: not expected
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    /* ---------------------------------------------------------------- HTML and text forms */

    static String tableHtml(Table t) {
        int rows = t.rowCount();
        int cols = t.columnCount();
        StringBuilder sb = new StringBuilder("<div>");
        if (t.name() != null && !t.name().isBlank()) {
            sb.append("<b>").append(esc(t.name())).append("</b>");
        }
        sb.append("<table class=\"dataframe\"><thead><tr><th></th>");
        for (String name : t.columnNames()) {
            sb.append("<th>").append(esc(name)).append("</th>");
        }
        sb.append("</tr></thead><tbody>");
        int shown = Math.min(rows, TABLE_ROWS);
        for (int i = 0; i < shown; i++) {
            sb.append("<tr><th>").append(i).append("</th>");
            for (int j = 0; j < cols; j++) {
                sb.append("<td>").append(esc(cell(t.column(j), i))).append("</td>");
            }
            sb.append("</tr>");
        }
        sb.append("</tbody></table>");
        sb.append("<p>").append(rows).append(rows == 1 ? " row" : " rows").append(" × ").append(cols)
                .append(cols == 1 ? " column" : " columns");
        if (shown < rows) {
            sb.append(" (first ").append(shown).append(" shown)");
        }
        return sb.append("</p></div>").toString();
    }

    /**
     * One cell as shown in a notebook table: a number column's own print formatter when one was set
     * ({@code setPrintFormatter}: 3 decimals, a percentage…), otherwise floating-point values with 6 significant
     * digits (0.1 + 0.2 reads 0.3, not Tablesaw's 0.30000000000000004), everything else as Tablesaw prints it.
     */
    static String cell(tech.tablesaw.columns.Column<?> c, int row) {
        if ((c instanceof tech.tablesaw.api.DoubleColumn || c instanceof tech.tablesaw.api.FloatColumn)
                && !c.isMissing(row) && !hasOwnFormatter((tech.tablesaw.api.NumberColumn<?, ?>) c)) {
            double v = ((Number) c.get(row)).doubleValue();
            if (Double.isFinite(v) && v != 0) {
                if (Math.abs(v) >= 1e-4 && Math.abs(v) < 1e6) {
                    return new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros().toPlainString();
                }
                return String.format(Locale.ROOT, "%.5e", v).replaceFirst("\\.?0+e", "e");
            }
        }
        return c.getString(row);
    }

    /** Tablesaw's default print format of floating-point columns (a column that still has it has no own format). */
    private static final java.text.NumberFormat DEFAULT_FLOAT_FORMAT =
            tech.tablesaw.columns.numbers.NumberColumnFormatter.floatingPointDefault().getFormat();

    /**
     * True when the column's print formatter is not Tablesaw's floating-point default. Tablesaw keeps the formatter
     * behind a protected getter; it is read reflectively, and a column whose formatter cannot be read counts as
     * having none of its own.
     */
    static boolean hasOwnFormatter(tech.tablesaw.api.NumberColumn<?, ?> c) {
        try {
            java.lang.reflect.Method m = tech.tablesaw.api.NumberColumn.class.getDeclaredMethod("getPrintFormatter");
            m.setAccessible(true);
            Object f = m.invoke(c);
            if (!(f instanceof tech.tablesaw.columns.numbers.NumberColumnFormatter nf)) {
                return false;
            }
            java.text.NumberFormat format = nf.getFormat();
            return format != null && !format.equals(DEFAULT_FLOAT_FORMAT);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    static String metricsHtml(MetricsReport r) {
        StringBuilder sb = new StringBuilder("<div><b>").append(esc(r.dataset())).append("</b>: D = ").append(r.dim())
                .append(", σ = ").append(num(r.sigma()));
        if (!r.seconds().isEmpty()) {
            sb.append(", seconds ").append(esc(secondsText(r.seconds())));
        }
        sb.append(r.toHtml()).append("</div>");
        return sb.toString();
    }

    static String snapshotsHtml(Snapshots s) {
        StringBuilder sb = new StringBuilder("<div><b>").append(esc(s.source())).append("</b>: ")
                .append(s.numTimes()).append(" time points, ").append(s.totalCount()).append(" cells, D = ")
                .append(s.dim()).append(" (").append(esc(abbreviate(String.join(", ", s.features()), 200)))
                .append(")<table><thead><tr><th>time</th><th>cells</th><th>relative mass</th></tr></thead><tbody>");
        for (int k = 0; k < s.numTimes(); k++) {
            sb.append("<tr><td>").append(fmt(s.time(k))).append("</td><td>").append(s.count(k))
                    .append("</td><td>").append(num(s.relativeMass(k))).append("</td></tr>");
        }
        return sb.append("</tbody></table></div>").toString();
    }

    static String modelText(RuotModel m) {
        return String.format(Locale.ROOT, "RuotModel: D=%d, σ=%s, growth=%s, score=%s, %d parameters on %s", m.dim(),
                num(m.sigma()), m.hasGrowth(), m.hasScore(), m.store().parameterCount(), m.store().device());
    }

    static String modelHtml(RuotModel m) {
        return "<div><b>RuotModel</b><table><tbody>"
                + row("dimension", Integer.toString(m.dim()))
                + row("σ", num(m.sigma()))
                + row("growth network", m.hasGrowth() ? "yes" : "no")
                + row("score network", m.hasScore() ? "yes" : "no")
                + row("parameters", String.format(Locale.ROOT, "%,d", m.store().parameterCount()))
                + row("device", String.valueOf(m.store().device()))
                + "</tbody></table></div>";
    }

    static String statusHtml(Session.Status s) {
        return "<div><b>ruot session</b><table><tbody>"
                + row("data", s.data())
                + row("model", s.model())
                + row("preset", s.preset())
                + row("running", s.running() == null ? "nothing" : s.running())
                + row("history", s.historyRows() + " rows")
                + row("seconds", s.seconds().isEmpty() ? "–" : secondsText(s.seconds()))
                + "</tbody></table></div>";
    }

    static String simulationHtml(Simulation sim) {
        StringBuilder sb = new StringBuilder("<div><b>simulation</b> (").append(esc(sim.mode())).append(", D = ")
                .append(sim.dim()).append(")<table><thead><tr><th>time</th><th>particles</th><th>Σ w (relative mass)"
                        + "</th></tr></thead><tbody>");
        for (int k = 0; k < sim.times().length; k++) {
            sb.append("<tr><td>").append(fmt(sim.times()[k])).append("</td><td>").append(sim.count(k))
                    .append("</td><td>").append(num(sim.mass(k))).append("</td></tr>");
        }
        return sb.append("</tbody></table></div>").toString();
    }

    static String simulationText(Simulation sim) {
        StringBuilder sb = new StringBuilder("simulation (" + sim.mode() + ", D = " + sim.dim() + ")\n");
        for (int k = 0; k < sim.times().length; k++) {
            sb.append(String.format(Locale.ROOT, "t=%s  particles=%d  mass=%s%n", fmt(sim.times()[k]),
                    sim.count(k), num(sim.mass(k))));
        }
        return sb.toString().stripTrailing();
    }

    static String chartText(Chart<?, ?> chart) {
        String title = chart.getTitle();
        return chart.getClass().getSimpleName() + (title == null || title.isEmpty() ? "" : " \"" + title + "\"")
                + " (" + chart.getWidth() + "×" + chart.getHeight() + ")";
    }

    static String historyText(TrainingHistory h) {
        List<TrainingHistory.Row> rows = h.rows();
        if (rows.isEmpty()) {
            return "training history: no rows yet";
        }
        TrainingHistory.Row last = rows.get(rows.size() - 1);
        return "training history: " + rows.size() + " rows; last: " + last.stage() + " epoch " + last.epoch() + " "
                + lossesText(last.losses());
    }

    static String lossesText(Map<String, Double> losses) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Double> e : losses.entrySet()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(e.getKey()).append(' ').append(num(e.getValue()));
        }
        return sb.toString();
    }

    static String secondsText(Map<String, Double> seconds) {
        StringBuilder sb = new StringBuilder();
        seconds.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(' ')
                .append(String.format(Locale.ROOT, "%.1f s", v)));
        return sb.toString();
    }

    private static String row(String key, String value) {
        return "<tr><th style=\"text-align:left\">" + esc(key) + "</th><td style=\"text-align:left\">" + esc(value)
                + "</td></tr>";
    }

    static String num(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    static String fmt(double t) {
        return t == Math.rint(t) && Math.abs(t) < 1e15 ? Long.toString((long) t) : Double.toString(t);
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }
}
