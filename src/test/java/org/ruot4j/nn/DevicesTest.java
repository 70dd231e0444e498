package org.ruot4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;
import org.ruot4j.RuotException;

/** Device choice: "gpu" without a GPU is one clear line; "auto" says what it chose. */
class DevicesTest {
    @Test
    void gpuWithoutAGpuIsOneLineNamingTheWayOut() {
        assumeTrue(Engine.getInstance().getGpuCount() == 0, "skipped: this machine has a GPU");
        RuotException e = assertThrows(RuotException.class, () -> Devices.choose("gpu"));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().contains("no GPU is visible to PyTorch"), e.getMessage());
        assertTrue(e.getMessage().contains(Devices.cudaBuild() ? "NVIDIA driver" : "-Pcuda"), e.getMessage());
        assertTrue(e.getMessage().contains("--device cpu or auto"), e.getMessage());
    }

    @Test
    void autoChoosesWhatTheEngineSeesAndSaysSo() {
        int gpus = Engine.getInstance().getGpuCount();
        assertEquals(gpus > 0 ? Device.gpu() : Device.cpu(), Devices.choose("auto"));
        assertEquals("ruot4j: device auto -> cpu (no GPU visible to PyTorch 2.7.1)", Devices.describeAuto(0, "2.7.1"));
        assertEquals("ruot4j: device auto -> gpu(0) (2 GPUs visible to PyTorch 2.5.1)", Devices.describeAuto(2, "2.5.1"));
        assertEquals(Device.cpu(), Devices.choose(" CPU "));
        RuotException e = assertThrows(RuotException.class, () -> Devices.choose("tpu"));
        assertEquals("device: expected auto, cpu or gpu, got 'tpu'", e.getMessage());
    }
}
