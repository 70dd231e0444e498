package org.ruot4j.nn;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;
import org.ruot4j.RuotException;

/** Device selection for every tensor of a session. */
public final class Devices {
    private Devices() {
    }

    /**
     * Resolves a device setting.
     *
     * @param setting "auto" (the first GPU when the engine sees one, else the CPU), "cpu" or "gpu"
     * @return the device
     * @throws RuotException for any other setting, or "gpu" when no GPU is visible
     */
    public static Device choose(String setting) {
        String s = setting == null ? "auto" : setting.trim().toLowerCase(Locale.ROOT);
        switch (s) {
            case "auto":
                return Engine.getInstance().getGpuCount() > 0 ? Device.gpu() : Device.cpu();
            case "cpu":
                return Device.cpu();
            case "gpu":
                if (Engine.getInstance().getGpuCount() == 0) {
                    throw new RuotException("device: 'gpu' requested but the PyTorch engine sees no GPU"
                            + " (put a CUDA libtorch on the class path, or use 'cpu' or 'auto')");
                }
                return Device.gpu();
            default:
                throw new RuotException("device: expected auto, cpu or gpu, got '" + setting + "'");
        }
    }
}
