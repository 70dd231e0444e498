package org.ruot4j.nn;

/** How {@link Mlp#forward} computes div_x v of a D-valued network. */
public enum Divergence {
    /** Not computed. */
    NONE,
    /** Exactly: D forward tangents e_1..e_D, div = Σ_j (J e_j)_j. Cost grows with D. */
    EXACT,
    /** Hutchinson's estimate with one probe ε (E[εεᵀ] = I): div ≈ Σ_j ε_j (J ε)_j; unbiased. */
    HUTCHINSON
}
