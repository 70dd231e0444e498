/**
 * XChart figures of a RUOT analysis, built from the library's own types so that the engine, the analyses, the CLI
 * and notebooks can all call them: {@link org.ruot4j.data.Snapshots}, {@link org.ruot4j.data.WeightedCloud} (cells
 * or particles at one time), {@link org.ruot4j.train.Simulation} (particles over time: paths and weights),
 * {@link org.ruot4j.train.TrainingHistory} (history.csv), {@link org.ruot4j.train.MetricsReport} (metrics.json),
 * arrays of cells, and the small plane records here ({@link org.ruot4j.plot.GridValues},
 * {@link org.ruot4j.plot.PlaneVectors}, {@link org.ruot4j.plot.PlaneField}).
 *
 * <p>{@link org.ruot4j.plot.Figures} is the one entry point: every factory returns an XChart chart (XYChart,
 * CategoryChart, or {@link org.ruot4j.plot.FieldChart}, an XYChart) that a notebook renders inline. Behind it the
 * work is split by job: factories by topic ({@code CloudFigures}, {@code FieldFigures}, {@code FitFigures},
 * {@code FateFigures}, {@code PlainFigures} for a notebook's own lines and bars), export ({@code ChartExport}) and
 * the one style ({@link org.ruot4j.plot.ChartStyle}: sizes, fonts, colours, strokes, the fixed colour of each loss
 * term, readable log axes).
 *
 * <p>Colour bars: XChart has none, so {@link org.ruot4j.plot.FieldChart} paints one itself in a strip at the
 * right of the chart (aligned with the plot area). It is part of the chart, so PNG, SVG and inline rendering all
 * show it; no separate image needs composing. The same class paints heat-map rasters under the series and
 * arrow heads that keep their shape whatever the axis scales.
 *
 * <p>Export: {@link org.ruot4j.plot.Figures#savePng} (300 dpi for print: a 720 × 540 pt chart becomes
 * 3000 × 2250 pixels with the fonts scaled alike), {@link org.ruot4j.plot.Figures#saveSvg},
 * {@link org.ruot4j.plot.Figures#pngBytes} (for an HTML report) and {@link org.ruot4j.plot.Figures#grid}
 * (several charts in one image). Files are written atomically through {@link org.ruot4j.AtomicFiles}. Rendering
 * needs no display ({@code -Djava.awt.headless=true}) but needs a font (Debian {@code fonts-dejavu-core}).
 */
package org.ruot4j.plot;
