package org.ruot4j.kernel;

import java.util.Map;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;

/**
 * jjava-jupyter's renderer with Java arrays shown as {@link ArrayText} (numpy-like, summarised past a
 * thousand elements). Renderers are looked up by class, and an array class such as {@code double[][]} has no
 * superclass but {@code Object}, so arrays would otherwise print as {@code [D@5e6e3462}; the check sits here so
 * that a cell's value, {@code display(array)} and the magics all see it.
 */
final class NotebookRenderer extends Renderer {
    @Override
    public DisplayData render(Object value) {
        return isArray(value) ? arrayData(value) : super.render(value);
    }

    @Override
    public DisplayData render(Object value, Map<String, Object> params) {
        return isArray(value) ? arrayData(value) : super.render(value, params);
    }

    @Override
    public DisplayData renderAs(Object value, String... types) {
        return isArray(value) ? arrayData(value) : super.renderAs(value, types);
    }

    @Override
    public DisplayData renderAs(Object value, Map<String, Object> params, String... types) {
        return isArray(value) ? arrayData(value) : super.renderAs(value, params, types);
    }

    private static boolean isArray(Object value) {
        return value != null && value.getClass().isArray();
    }

    private static DisplayData arrayData(Object value) {
        return new DisplayData(ArrayText.format(value));
    }
}
