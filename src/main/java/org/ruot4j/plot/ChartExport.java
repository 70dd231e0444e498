package org.ruot4j.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.ruot4j.AtomicFiles;
import org.ruot4j.RuotException;

/**
 * Export of charts: rendering at a resolution, several charts in one image, PNG (one encoder, with the
 * resolution in its metadata) and SVG. Files are written through {@link AtomicFiles}.
 */
final class ChartExport {
    private ChartExport() {
    }

    static BufferedImage toImage(Chart<?, ?> chart, int dpi) {
        checkDpi(dpi);
        double s = dpi / 72.0;
        BufferedImage img = new BufferedImage((int) Math.round(chart.getWidth() * s),
                (int) Math.round(chart.getHeight() * s), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.scale(s, s);
            chart.paint(g, chart.getWidth(), chart.getHeight());
        } finally {
            g.dispose();
        }
        return img;
    }

    static BufferedImage grid(List<? extends Chart<?, ?>> charts, int columns, int dpi) {
        if (charts.isEmpty() || columns < 1) {
            throw new RuotException("grid: need at least one chart and one column");
        }
        List<BufferedImage> imgs = new ArrayList<>();
        int cw = 0;
        int ch = 0;
        for (Chart<?, ?> c : charts) {
            BufferedImage i = toImage(c, dpi);
            imgs.add(i);
            cw = Math.max(cw, i.getWidth());
            ch = Math.max(ch, i.getHeight());
        }
        int cols = Math.min(columns, imgs.size());
        int rows = (imgs.size() + cols - 1) / cols;
        BufferedImage out = new BufferedImage(cw * cols, ch * rows, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            for (int i = 0; i < imgs.size(); i++) {
                g.drawImage(imgs.get(i), (i % cols) * cw, (i / cols) * ch, null);
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    static void savePng(Chart<?, ?> chart, Path file, int dpi) {
        savePng(toImage(chart, dpi), file, dpi);
    }

    static void savePng(BufferedImage image, Path file, int dpi) {
        checkDpi(dpi);
        AtomicFiles.write(file, out -> writePng(image, out, dpi));
    }

    static byte[] pngBytes(Chart<?, ?> chart, int dpi) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try {
            writePng(toImage(chart, dpi), bos, dpi);
        } catch (IOException e) {
            throw new RuotException("cannot encode PNG (" + e.getMessage() + ")", e);
        }
        return bos.toByteArray();
    }

    static void saveSvg(Chart<?, ?> chart, Path file) {
        AtomicFiles.write(file, out -> VectorGraphicsEncoder.saveVectorGraphic(chart, out,
                VectorGraphicsEncoder.VectorGraphicsFormat.SVG));
    }

    /** PNG with pHYs metadata saying {@code dpi}, so viewers and print layouts size the image right. */
    private static void writePng(BufferedImage image, OutputStream out, int dpi) throws IOException {
        Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("png");
        if (!it.hasNext()) {
            throw new IOException("no PNG writer in this Java runtime");
        }
        ImageWriter writer = it.next();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            ImageWriteParam param = writer.getDefaultWriteParam();
            IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), param);
            // the JDK's PNG writer reads the standard "pixel size" as pixels per millimetre (JDK-5106305), the
            // inverse of what the standard format says; XChart's BitmapEncoder writes it the same way
            String perMm = Double.toString(dpi / 25.4);
            IIOMetadataNode h = new IIOMetadataNode("HorizontalPixelSize");
            h.setAttribute("value", perMm);
            IIOMetadataNode v = new IIOMetadataNode("VerticalPixelSize");
            v.setAttribute("value", perMm);
            IIOMetadataNode dim = new IIOMetadataNode("Dimension");
            dim.appendChild(h);
            dim.appendChild(v);
            IIOMetadataNode root = new IIOMetadataNode("javax_imageio_1.0");
            root.appendChild(dim);
            meta.mergeTree("javax_imageio_1.0", root);
            writer.write(meta, new IIOImage(image, null, meta), param);
        } finally {
            writer.dispose();
        }
    }

    private static void checkDpi(int dpi) {
        if (dpi < 36 || dpi > 1200) {
            throw new RuotException("dpi must be between 36 and 1200, got " + dpi);
        }
    }
}
