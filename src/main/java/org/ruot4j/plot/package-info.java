/**
 * XChart figures of a RUOT analysis, built from plain data so that the engine, the analyses, the CLI and
 * notebooks can all call them: arrays, {@link org.ruot4j.data.Snapshots} and the small records here
 * ({@link org.ruot4j.plot.WeightedCloud}, {@link org.ruot4j.plot.PathSet}, {@link org.ruot4j.plot.GridValues},
 * {@link org.ruot4j.plot.PlaneVectors}, {@link org.ruot4j.plot.PlaneField}, {@link org.ruot4j.plot.LossHistory},
 * {@link org.ruot4j.plot.TimeMetrics}). Every factory in {@link org.ruot4j.plot.Figures} returns an XChart chart
 * (XYChart, CategoryChart, or {@link org.ruot4j.plot.FieldChart}, an XYChart) that a notebook renders inline.
 *
 * <p>Colour bars: XChart has none, so {@link org.ruot4j.plot.FieldChart} paints one itself in a strip at the
 * right of the chart (aligned with the plot area). It is part of the chart, so PNG, SVG and inline rendering all
 * show it; no separate image needs composing. The same class paints heat-map rasters under the series and
 * arrow heads that keep their shape whatever the axis scales.
 *
 * <p>Export: {@link org.ruot4j.plot.Figures#savePng} (300 dpi for print: a 720 × 540 pt chart becomes
 * 3000 × 2250 pixels with the fonts scaled alike), {@link org.ruot4j.plot.Figures#saveSvg},
 * {@link org.ruot4j.plot.Figures#pngBytes} (for an HTML report) and {@link org.ruot4j.plot.Figures#grid}
 * (several charts in one image). Files are written atomically. Rendering needs no display
 * ({@code -Djava.awt.headless=true}) but needs a font (Debian {@code fonts-dejavu-core}).
 */
package org.ruot4j.plot;
