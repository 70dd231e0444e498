package org.ruot4j.train;

/** Exposes the tiny test settings to tests in other packages. */
public final class TinyFitsAccess {
    public static final String TINY = TinyFits.TINY;

    private TinyFitsAccess() {
    }
}
