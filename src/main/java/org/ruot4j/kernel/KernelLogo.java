package org.ruot4j.kernel;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * The kernel's logo, drawn with Java2D: three snapshots of a cell population (a growing number of dots, left
 * to right) joined by a transport path, on a rounded teal square. {@code kernel/logo-32x32.png} and
 * {@code kernel/logo-64x64.png} are its output ({@code java … KernelLogo kernel/} redraws them).
 */
final class KernelLogo {
    private KernelLogo() {
    }

    static BufferedImage draw(int size) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            double s = size / 64.0;
            g.setPaint(new GradientPaint(0, 0, new Color(0x0F, 0x76, 0x6E), size, size, new Color(0x13, 0x3B, 0x5C)));
            g.fill(new RoundRectangle2D.Double(0, 0, size, size, 14 * s, 14 * s));
            // The transport path: from the first snapshot through the second to the third.
            Path2D path = new Path2D.Double();
            path.moveTo(12 * s, 44 * s);
            path.curveTo(22 * s, 20 * s, 38 * s, 48 * s, 52 * s, 20 * s);
            g.setColor(new Color(255, 255, 255, 150));
            g.setStroke(new BasicStroke((float) Math.max(1.2, 2.4 * s), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(path);
            // Snapshots: 1, 2 and 4 cells — the population grows as it moves.
            dots(g, s, new double[][] {{12, 44}}, new Color(0xFD, 0xE6, 0x8A));
            dots(g, s, new double[][] {{29, 33}, {35, 39}}, new Color(0xFB, 0xBF, 0x24));
            dots(g, s, new double[][] {{48, 16}, {55, 22}, {48, 26}, {56, 13}}, new Color(0xF9, 0x73, 0x16));
        } finally {
            g.dispose();
        }
        return img;
    }

    private static void dots(Graphics2D g, double s, double[][] centers, Color c) {
        double r = 4.6 * s;
        for (double[] p : centers) {
            g.setColor(c);
            g.fill(new Ellipse2D.Double(p[0] * s - r, p[1] * s - r, 2 * r, 2 * r));
            g.setColor(new Color(255, 255, 255, 200));
            g.setStroke(new BasicStroke((float) Math.max(0.6, 1.0 * s)));
            g.draw(new Ellipse2D.Double(p[0] * s - r, p[1] * s - r, 2 * r, 2 * r));
        }
    }

    /** Writes logo-32x32.png and logo-64x64.png into the given directory. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "kernel");
        Files.createDirectories(dir);
        for (int size : new int[] {32, 64}) {
            Path tmp = dir.resolve(".logo-" + size + ".png.tmp");
            ImageIO.write(draw(size), "png", tmp.toFile());
            Files.move(tmp, dir.resolve("logo-" + size + "x" + size + ".png"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
    }
}
