package org.ruot4j.kernel;

import java.lang.reflect.Array;

/**
 * The text form of Java arrays in a notebook, in the manner of numpy: the type with its shape, then the
 * elements, rows of a 2-D array one per line. Past {@value #THRESHOLD} elements in all, each dimension shows only
 * its first and last {@value #EDGE_ITEMS} entries around an ellipsis, so {@code new double[1_000_000]} prints
 * in a few lines instead of {@code [D@5e6e3462} or a megabyte of digits.
 *
 * <pre>
 * double[3][2]
 * [[1.0, 2.0],
 *  [3.0, 4.0],
 *  [5.0, 6.0]]
 * </pre>
 */
public final class ArrayText {
    /** Element count above which arrays are summarised (numpy's default threshold). */
    public static final int THRESHOLD = 1000;
    /** Entries kept at each end of a summarised dimension (numpy's edgeitems). */
    public static final int EDGE_ITEMS = 3;

    private ArrayText() {
    }

    /** The text form of {@code array} (which must be an array: primitive, object or nested). */
    public static String format(Object array) {
        if (array == null || !array.getClass().isArray()) {
            throw new IllegalArgumentException("not an array: " + array);
        }
        boolean summarise = count(array, 0) > THRESHOLD;
        StringBuilder sb = new StringBuilder(header(array)).append('\n');
        append(sb, array, summarise, 1);
        return sb.toString();
    }

    /** {@code double[3][2]}: the element type and the length of each level (ragged levels show "?"). */
    static String header(Object array) {
        Class<?> c = array.getClass();
        int depth = 0;
        while (c.isArray()) {
            c = c.getComponentType();
            depth++;
        }
        StringBuilder sb = new StringBuilder(c.getSimpleName());
        Object level = array;
        for (int d = 0; d < depth; d++) {
            if (level == null) {
                sb.append("[?]");
                continue;
            }
            int n = Array.getLength(level);
            sb.append('[').append(n).append(']');
            Object next = null;
            if (d + 1 < depth && n > 0) {
                next = Array.get(level, 0);
                for (int i = 1; i < n && next != null; i++) {
                    Object o = Array.get(level, i);
                    if (o == null || Array.getLength(o) != Array.getLength(next)) {
                        next = null; // ragged: lengths below differ
                        for (int r = d + 1; r < depth; r++) {
                            sb.append("[?]");
                        }
                        return sb.toString();
                    }
                }
            }
            level = next;
        }
        return sb.toString();
    }

    /** Elements in all, stopping early once past the threshold. */
    private static long count(Object a, long sofar) {
        if (a == null) {
            return sofar + 1;
        }
        int n = Array.getLength(a);
        if (!a.getClass().getComponentType().isArray()) {
            return sofar + n;
        }
        long c = sofar;
        for (int i = 0; i < n && c <= THRESHOLD; i++) {
            c = count(Array.get(a, i), c);
        }
        return c;
    }

    private static void append(StringBuilder sb, Object a, boolean summarise, int indent) {
        if (a == null) {
            sb.append("null");
            return;
        }
        int n = Array.getLength(a);
        boolean nested = a.getClass().getComponentType().isArray();
        sb.append('[');
        boolean skipping = summarise && n > 2 * EDGE_ITEMS;
        for (int i = 0; i < n; i++) {
            if (skipping && i == EDGE_ITEMS) {
                sb.append(nested ? "...,\n" + " ".repeat(indent) : "..., ");
                i = n - EDGE_ITEMS - 1;
                continue;
            }
            Object e = Array.get(a, i);
            if (nested) {
                append(sb, e, summarise, indent + 1);
            } else {
                sb.append(element(e));
            }
            if (i < n - 1) {
                sb.append(nested ? ",\n" + " ".repeat(indent) : ", ");
            }
        }
        sb.append(']');
    }

    private static String element(Object e) {
        if (e != null && e.getClass().isArray()) { // an array inside an Object[]
            StringBuilder sb = new StringBuilder();
            append(sb, e, false, 1);
            return sb.toString();
        }
        if (e instanceof String s) {
            return '"' + s + '"';
        }
        if (e instanceof Character ch) {
            return "'" + ch + "'";
        }
        return String.valueOf(e);
    }
}
