package org.ruot4j.kernel;

import java.util.List;

/**
 * An error to show under a cell, already in Jupyter's form: a name (the exception class, or
 * {@code CompilationError}, {@code Interrupted}), a one-line value and the traceback lines. The kernel
 * publishes it as an {@code error} message and answers the request with status {@code error}; it never ends
 * the kernel.
 */
public final class CellError extends RuntimeException {
    private final String name;
    private final List<String> traceback;

    public CellError(String name, String value, List<String> traceback) {
        super(value, null, false, false);
        this.name = name;
        this.traceback = List.copyOf(traceback);
    }

    /** The error's name as Jupyter shows it first (e.g. {@code java.lang.ArithmeticException}). */
    public String name() {
        return name;
    }

    /** The one-line description. */
    public String value() {
        return getMessage() == null ? "" : getMessage();
    }

    /** The lines shown under the cell (no embedded newlines). */
    public List<String> traceback() {
        return traceback;
    }
}
