package org.ruot4j.nn;

/**
 * Which input derivatives {@link Mlp#forward} returns besides the value.
 *
 * @param dt ∂y/∂t, shape (N, out)
 * @param gradX ∇_x y for a scalar network (out == 1), shape (N, D)
 * @param div div_x y for a D-valued network (out == D), shape (N); null means NONE
 */
public record Want(boolean dt, boolean gradX, Divergence div) {
    private static final Want VALUE_ONLY = new Want(false, false, Divergence.NONE);

    public Want {
        if (div == null) {
            div = Divergence.NONE;
        }
    }

    /** Only the value. */
    public static Want valueOnly() {
        return VALUE_ONLY;
    }

    /** Value and ∇_x (scalar networks). */
    public static Want gradient() {
        return new Want(false, true, Divergence.NONE);
    }

    /** Value, ∂t and ∇_x (scalar networks). */
    public static Want timeAndGradient() {
        return new Want(true, true, Divergence.NONE);
    }

    /** Value and div_x by the given method (D-valued networks). */
    public static Want divergence(Divergence how) {
        return new Want(false, false, how);
    }

    /** True when any derivative is requested. */
    public boolean anyDerivative() {
        return dt || gradX || div != Divergence.NONE;
    }
}
