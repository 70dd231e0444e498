package org.ruot4j.dynamics;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import java.nio.file.Path;
import org.ruot4j.RuotException;
import org.ruot4j.nn.Activation;
import org.ruot4j.nn.DeepRuotImport;
import org.ruot4j.nn.MlpSpec;
import org.ruot4j.nn.ParameterStore;

/**
 * A {@link RuotModel} made from a published DeepRUOT checkpoint pair: the fnet state dict (velocity v and growth g)
 * and the score state dict (potential s), read by {@link DeepRuotImport}. The shapes of the networks (width and
 * hidden layers of each) come from the tensors; σ is not stored in DeepRUOT's state dicts and must be given (the
 * published weights name it, e.g. {@code simulation_sigma_005_*.pt} is σ = 0.05). The score offset is 0: DeepRUOT's s
 * is used as trained (∇s, and so every drift, does not depend on the offset).
 */
public final class DeepRuotModel {
    private DeepRuotModel() {
    }

    /**
     * Imports the checkpoint pair onto {@code device}.
     *
     * @param dim the data dimension D the user expects; checked against the networks' input [t, x] of width D + 1
     * @throws RuotException naming the file when a checkpoint cannot be read or does not match {@code dim}
     */
    public static RuotModel load(Path fnet, Path score, int dim, double sigma, Device device) {
        if (dim < 1) {
            throw new RuotException("--dim: the data dimension must be >= 1, got " + dim);
        }
        if (!(sigma > 0) || !Double.isFinite(sigma)) {
            throw new RuotException("--sigma: expected a positive number, got " + sigma);
        }
        ParameterStore store = new ParameterStore(device, DataType.FLOAT32);
        try {
            DeepRuotImport.Networks n = DeepRuotImport.load(fnet, score, store);
            MlpSpec v = n.velocity().spec();
            MlpSpec g = n.growth().spec();
            MlpSpec s = n.score().spec();
            if (v.dataDim() != dim) {
                throw new RuotException(fnet + ": the velocity network takes [t, x] with D = " + v.dataDim()
                        + " (input width " + v.inputDim() + "), not the D = " + dim + " given by --dim");
            }
            RuotModel.Spec spec = new RuotModel.Spec(dim, sigma, true, true, 1.0, v.width(), v.hiddenLayers(),
                    g.width(), g.hiddenLayers(), s.width(), s.hiddenLayers(), Activation.LEAKY_RELU);
            return new RuotModel(spec, store, 0); // reuses the imported parameters
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }
}
