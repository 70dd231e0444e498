package org.ruot4j.nn;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ruot4j.RuotException;

/**
 * Device selection for every tensor of a session. "auto" says once per process which device it chose (on the
 * standard error stream, so a notebook cell and a terminal both show it). Where the PyTorch engine cannot start at
 * all — e.g. the CUDA build ({@code -Pcuda}) on a machine whose CUDA driver is missing, when DJL then wants to
 * download a CPU library, which offline fails — the failure becomes one line naming what to do.
 *
 * <p>Exact OT stays on the host whatever the device: the network simplex ({@code ot.Emd}) runs on the CPU, and each
 * interval copies the particle positions and weights to the host once ({@code train.Losses#ot}; the data stay on the
 * host) and the sparse plan back; the Sinkhorn loss ({@code ot = sinkhorn}) runs on the device.
 */
public final class Devices {
    private static final AtomicBoolean ANNOUNCED = new AtomicBoolean();

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
            case "auto": {
                int gpus = gpuCount();
                Device d = gpus > 0 ? Device.gpu() : Device.cpu();
                if (ANNOUNCED.compareAndSet(false, true)) {
                    System.err.println(describeAuto(gpus, engineVersion()));
                }
                return d;
            }
            case "cpu":
                return Device.cpu();
            case "gpu":
                if (gpuCount() == 0) {
                    throw new RuotException("device gpu: no GPU is visible to PyTorch " + engineVersion()
                            + " (this build has " + (cudaBuild() ? "the CUDA libtorch: check the NVIDIA driver and "
                            + "CUDA_VISIBLE_DEVICES" : "the CPU libtorch: build with -Pcuda, see README \"GPU\"")
                            + "); use --device cpu or auto");
                }
                return Device.gpu();
            default:
                throw new RuotException("device: expected auto, cpu or gpu, got '" + setting + "'");
        }
    }

    /** The line "auto" prints: which device it chose and why. */
    static String describeAuto(int gpus, String engine) {
        return gpus > 0 ? "ruot4j: device auto -> gpu(0) (" + gpus + " GPU" + (gpus > 1 ? "s" : "") + " visible to PyTorch "
                + engine + ")" : "ruot4j: device auto -> cpu (no GPU visible to PyTorch " + engine + ")";
    }

    private static int gpuCount() {
        try {
            return Engine.getInstance().getGpuCount();
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            String m = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            Throwable c = e.getCause();
            while (c != null && c.getCause() != null) {
                c = c.getCause();
            }
            throw new RuotException("the PyTorch engine cannot start (" + m + (c == null ? "" : ": " + c.getMessage())
                    + ")" + (cudaBuild() ? "; this is the CUDA build (-Pcuda): it needs an NVIDIA driver, so on a "
                    + "machine without a GPU use the default CPU build" : ""), e);
        }
    }

    private static String engineVersion() {
        try {
            return Engine.getInstance().getVersion();
        } catch (RuntimeException e) {
            return "(unknown version)";
        }
    }

    /** Whether the CUDA libtorch jar of the cuda profile is on the class path. */
    static boolean cudaBuild() {
        ClassLoader cl = Devices.class.getClassLoader();
        return cl != null && cl.getResource("pytorch/cu124/linux-x86_64/libtorch_cuda.so") != null;
    }
}
