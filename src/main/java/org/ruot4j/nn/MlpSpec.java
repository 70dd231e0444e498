package org.ruot4j.nn;

import org.ruot4j.RuotException;

/**
 * Shape of an {@link Mlp}: {@code hiddenLayers} hidden layers of {@code width} units with {@code activation},
 * then a linear output layer.
 *
 * @param inputDim 1 + D: the input is [t, x], time first, unscaled
 * @param width units per hidden layer
 * @param hiddenLayers number of hidden (activated) layers, at least 1
 * @param outputDim D for a velocity field, 1 for a scalar (growth, potential)
 * @param activation hidden-layer nonlinearity
 */
public record MlpSpec(int inputDim, int width, int hiddenLayers, int outputDim, Activation activation) {
    public MlpSpec {
        if (inputDim < 2) {
            throw new RuotException("MlpSpec: inputDim must be 1 + D >= 2 (input is [t, x]), got " + inputDim);
        }
        if (width < 1) {
            throw new RuotException("MlpSpec: width must be >= 1, got " + width);
        }
        if (hiddenLayers < 1) {
            throw new RuotException("MlpSpec: hiddenLayers must be >= 1, got " + hiddenLayers);
        }
        if (outputDim < 1) {
            throw new RuotException("MlpSpec: outputDim must be >= 1, got " + outputDim);
        }
        if (activation == null) {
            throw new RuotException("MlpSpec: activation is missing (LEAKY_RELU, TANH, SOFTPLUS or SILU)");
        }
    }

    /** D, the dimension of x. */
    public int dataDim() {
        return inputDim - 1;
    }

    /** Number of linear layers (hidden layers + output layer). */
    public int linearLayers() {
        return hiddenLayers + 1;
    }
}
