package org.ruot4j.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Renders a chart headless to a 300-dpi PNG and checks that the picture is a real figure: the expected size,
 * enough distinct colours, a plausible share of non-background pixels, and (optionally) that given colours
 * were drawn. PNGs go to the folder named by -Druot4j.figs.dir (to look at them) or to the test's temp folder.
 */
public final class FigureAssert {
    private FigureAssert() {
    }

    static Path outDir(Path tempDir) throws IOException {
        String d = System.getProperty("ruot4j.figs.dir");
        Path dir = d == null || d.isBlank() ? tempDir : Path.of(d);
        Files.createDirectories(dir);
        return dir;
    }

    static BufferedImage render(Chart<?, ?> chart, Path dir, String name) throws IOException {
        int w = chart.getWidth();
        int h = chart.getHeight();
        Path png = dir.resolve(name + ".png");
        Figures.savePng(chart, png, 300);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(Math.round(w * 300 / 72.0), img.getWidth(), 1, name + ": width at 300 dpi");
        assertEquals(Math.round(h * 300 / 72.0), img.getHeight(), 1, name + ": height at 300 dpi");
        assertEquals(w, chart.getWidth(), name + ": rendering must not change the chart's size");
        assertNotBlank(img, name);
        return img;
    }

    static void assertNotBlank(BufferedImage img, String name) {
        assertNotBlank(img, name, 50, 0.95);
    }

    /**
     * Asserts that a picture shows something: more than {@code minColours} distinct colours and a non-white share
     * in (0.02, maxNonWhite), both over every other pixel in each direction (plenty at 300 dpi).
     */
    public static void assertNotBlank(BufferedImage img, String name, int minColours, double maxNonWhite) {
        Set<Integer> colours = new HashSet<>();
        long nonWhite = 0;
        int step = 2;
        long total = 0;
        for (int y = 0; y < img.getHeight(); y += step) {
            for (int x = 0; x < img.getWidth(); x += step) {
                int rgb = img.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                total++;
                if (rgb != 0xffffff) {
                    nonWhite++;
                }
            }
        }
        double frac = (double) nonWhite / total;
        assertTrue(colours.size() > minColours, name + ": only " + colours.size() + " distinct colours");
        assertTrue(frac > 0.02 && frac < maxNonWhite, name + ": non-background fraction " + frac);
    }

    /** True if some pixel is within {@code tol} (max channel difference) of {@code c}. */
    static boolean hasColour(BufferedImage img, Color c, int tol) {
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                if (Math.abs(((rgb >> 16) & 0xff) - c.getRed()) <= tol && Math.abs(((rgb >> 8) & 0xff) - c.getGreen()) <= tol
                        && Math.abs((rgb & 0xff) - c.getBlue()) <= tol) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The Y tick labels XChart drew (empty labels left out): the chart is rendered, then its axis is read
     * reflectively (XChart keeps it package-private).
     */
    static java.util.List<String> yTickLabels(org.knowm.xchart.XYChart c) {
        org.knowm.xchart.BitmapEncoder.getBufferedImage(c);
        try {
            java.lang.reflect.Field f = Chart.class.getDeclaredField("axisPair");
            f.setAccessible(true);
            Object pair = f.get(c);
            java.lang.reflect.Method gy = pair.getClass().getDeclaredMethod("getYAxis");
            gy.setAccessible(true);
            Object axis = gy.invoke(pair);
            Object calc = axis.getClass().getMethod("getAxisTickCalculator").invoke(axis);
            java.lang.reflect.Method labels = calc.getClass().getMethod("getTickLabels");
            labels.setAccessible(true);
            java.util.List<String> out = new java.util.ArrayList<>();
            for (Object l : (java.util.List<?>) labels.invoke(calc)) {
                if (l != null && !l.toString().isBlank()) {
                    out.add(l.toString());
                }
            }
            return out;
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot read XChart's tick labels: " + e, e);
        }
    }

    /** The colour a series colour with alpha shows on white, where one marker is alone. */
    static Color onWhite(Color c) {
        double a = c.getAlpha() / 255.0;
        return new Color((int) Math.round(c.getRed() * a + 255 * (1 - a)), (int) Math.round(c.getGreen() * a + 255 * (1 - a)),
                (int) Math.round(c.getBlue() * a + 255 * (1 - a)));
    }

    static void assertHasColour(BufferedImage img, Color c, String what) {
        assertTrue(hasColour(img, c, 12), what + ": colour " + Integer.toHexString(c.getRGB() & 0xffffff) + " not drawn");
    }

    static double distance(Color a, int rgb) {
        return Math.max(Math.abs(a.getRed() - ((rgb >> 16) & 0xff)), Math.max(Math.abs(a.getGreen() - ((rgb >> 8) & 0xff)),
                Math.abs(a.getBlue() - (rgb & 0xff))));
    }
}
