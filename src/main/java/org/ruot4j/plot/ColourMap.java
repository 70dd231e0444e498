package org.ruot4j.plot;

import java.awt.Color;

/**
 * A continuous colour map: anchor colours at equally spaced positions in [0, 1], linearly interpolated in
 * sRGB. {@link #at(double)} clamps its argument to [0, 1].
 *
 * <ul>
 *   <li>{@link #VIRIDIS}: sequential, perceptually uniform, readable in grey scale and by colour-blind readers
 *       (matplotlib's viridis sampled at 10 points). Used for time and for the landscape.</li>
 *   <li>{@link #COOLWARM}: diverging blue → light grey → red, in the spirit of Moreland's cool-warm, with
 *       luminance symmetric about the centre and lightest there. Used for signed
 *       quantities such as the growth rate g (blue: net death, red: net proliferation). Its midpoint is a
 *       light grey, not white, so that cells with g ≈ 0 stay visible on a white background.</li>
 * </ul>
 */
public final class ColourMap {
    public static final ColourMap VIRIDIS = new ColourMap("viridis", false, 0x440154, 0x482878, 0x3e4989, 0x31688e,
            0x26828e, 0x1f9e89, 0x35b779, 0x6ece58, 0xb5de2b, 0xfde725);
    // blue and red tints of equal luminance (0.30, 0.50, 0.66, 0.76) about a grey of luminance 0.83, so that
    // equal |g| looks equally strong on both sides and the centre is the lightest colour
    public static final ColourMap COOLWARM = new ColourMap("coolwarm", true, 0x3548c2, 0x6f7cd3, 0x9da6e1, 0xbac0ea,
            0xd4d4d4, 0xeab6bb, 0xe1989f, 0xd36872, 0xc22c3a);

    private final String name;
    private final boolean diverging;
    private final int[] anchors;

    private ColourMap(String name, boolean diverging, int... anchors) {
        this.name = name;
        this.diverging = diverging;
        this.anchors = anchors;
    }

    public String name() {
        return name;
    }

    /** True for maps meant to be centred on zero (signed data). */
    public boolean isDiverging() {
        return diverging;
    }

    /** The colour at position u ∈ [0, 1] (clamped; NaN gives the midpoint). */
    public Color at(double u) {
        if (Double.isNaN(u)) {
            u = 0.5;
        }
        u = Math.max(0, Math.min(1, u));
        double p = u * (anchors.length - 1);
        int i = Math.min((int) Math.floor(p), anchors.length - 2);
        double f = p - i;
        int a = anchors[i];
        int b = anchors[i + 1];
        return new Color(mix(a >> 16, b >> 16, f), mix(a >> 8, b >> 8, f), mix(a, b, f));
    }

    /** The colour of value v on the scale [min, max]: {@code at((v − min) / (max − min))}. */
    public Color at(double v, double min, double max) {
        return at(max > min ? (v - min) / (max - min) : 0.5);
    }

    private static int mix(int a, int b, double f) {
        return (int) Math.round((a & 0xff) * (1 - f) + (b & 0xff) * f);
    }

    /** The same colour with opacity alpha ∈ [0, 1]. */
    public static Color withAlpha(Color c, double alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), (int) Math.round(255 * Math.max(0, Math.min(1, alpha))));
    }

    /** Relative luminance (ITU-R BT.709 weights on sRGB, 0 = black, 1 = white); used by tests and for text. */
    public static double luminance(Color c) {
        return (0.2126 * c.getRed() + 0.7152 * c.getGreen() + 0.0722 * c.getBlue()) / 255.0;
    }

    @Override
    public String toString() {
        return "ColourMap[" + name + "]";
    }
}
