package org.ruot4j.nn;

import ai.djl.ndarray.NDArray;

/**
 * Result of {@link Mlp#forward}. Every array belongs to the caller's scope (created in the manager of x).
 *
 * @param value y, shape (N, out)
 * @param dt ∂y/∂t, shape (N, out), or null when not requested
 * @param gradX ∇_x y, shape (N, D), only for out == 1, or null
 * @param div div_x y, shape (N), only for out == D, or null
 */
public record MlpOutput(NDArray value, NDArray dt, NDArray gradX, NDArray div) {}
