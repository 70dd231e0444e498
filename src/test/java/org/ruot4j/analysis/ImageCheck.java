package org.ruot4j.analysis;

import java.awt.image.BufferedImage;
import org.ruot4j.plot.FigureAssert;

/** Whether a rendered picture shows something: enough distinct colours and a plausible share of non-white pixels. */
final class ImageCheck {
    private ImageCheck() {
    }

    /** More than {@code minColours} distinct colours and a non-white share in (0.02, 0.97). */
    static void assertNotBlank(BufferedImage img, String name, int minColours) {
        FigureAssert.assertNotBlank(img, name, minColours, 0.97);
    }
}
