package org.ruot4j.analysis;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.HashSet;
import java.util.Set;

/** Whether a rendered picture shows something: enough distinct colours and a plausible share of non-white pixels. */
final class ImageCheck {
    private ImageCheck() {
    }

    static void assertNotBlank(BufferedImage img, String name, int minColours) {
        Set<Integer> colours = new HashSet<>();
        long nonWhite = 0;
        long total = 0;
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
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
        assertTrue(frac > 0.02 && frac < 0.97, name + ": non-background fraction " + frac);
    }
}
