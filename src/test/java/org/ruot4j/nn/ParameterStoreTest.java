package org.ruot4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.ruot4j.RuotException;

class ParameterStoreTest {
    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT32", "FLOAT64"})
    void saveLoadRoundTripIsExact(DataType dtype, @TempDir Path dir) {
        Path file = dir.resolve("params.bin");
        try (ParameterStore a = new ParameterStore(Device.cpu(), dtype)) {
            Mlp net = new Mlp("v", new MlpSpec(3, 8, 2, 2, Activation.TANH), a, 42);
            a.put("extra", new Shape(2, 2), new double[] {Math.PI, -1e-30, 7, 1.0 / 3});
            a.save(file);
            try (ParameterStore b = ParameterStore.load(file, Device.cpu(), dtype)) {
                assertEquals(List.copyOf(a.names()), List.copyOf(b.names()));
                for (String n : a.names()) {
                    assertEquals(a.get(n).getShape(), b.get(n).getShape(), n);
                    assertArrayEquals(a.get(n).toType(DataType.FLOAT64, false).toDoubleArray(),
                            b.get(n).toType(DataType.FLOAT64, false).toDoubleArray(), 0.0, n);
                    assertTrue(b.isTrainable(n));
                }
                Mlp again = new Mlp("v", net.spec(), b, 7); // reuses the loaded weights, ignores the seed
                try (NDManager m = NDManager.newBaseManager(); NDScope s = new NDScope()) {
                    NDArray x = m.create(new double[][] {{0.3, -1}, {2, 0.5}}).toType(dtype, false);
                    assertArrayEquals(net.value(1.5, x).toType(DataType.FLOAT64, false).toDoubleArray(),
                            again.value(1.5, x).toType(DataType.FLOAT64, false).toDoubleArray(), 0.0);
                }
            }
        }
    }

    @Test
    void truncatedFileIsANamedError(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("p.bin");
        try (ParameterStore a = new ParameterStore()) {
            new Mlp("s", new MlpSpec(3, 4, 1, 1, Activation.SILU), a, 1);
            a.save(file);
        }
        byte[] all = Files.readAllBytes(file);
        for (int keep : new int[] {all.length / 2, all.length - 1, 10}) {
            Path cut = dir.resolve("cut" + keep + ".bin");
            Files.write(cut, Arrays.copyOf(all, keep));
            RuotException e = assertThrows(RuotException.class, () -> ParameterStore.load(cut, Device.cpu(), DataType.FLOAT32));
            assertTrue(e.getMessage().contains(cut.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("checksum"), e.getMessage());
        }
        byte[] flipped = all.clone();
        flipped[all.length / 2] ^= 0x10;
        Path damaged = dir.resolve("damaged.bin");
        Files.write(damaged, flipped);
        assertThrows(RuotException.class, () -> ParameterStore.load(damaged, Device.cpu(), DataType.FLOAT32));
    }

    @Test
    void wrongMagicOrVersionIsANamedError(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("p.bin");
        try (ParameterStore a = new ParameterStore()) {
            a.put("w", new Shape(3), new double[] {1, 2, 3});
            a.save(file);
        }
        byte[] all = Files.readAllBytes(file);
        byte[] magic = all.clone();
        magic[0] = 'X';
        Path m = dir.resolve("magic.bin");
        Files.write(m, magic);
        RuotException e1 = assertThrows(RuotException.class, () -> ParameterStore.load(m, Device.cpu(), DataType.FLOAT32));
        assertTrue(e1.getMessage().contains("magic.bin") && e1.getMessage().contains("magic"), e1.getMessage());
        byte[] version = all.clone();
        ByteBuffer.wrap(version).putInt(8, 99);
        Path v = dir.resolve("version.bin");
        Files.write(v, version);
        RuotException e2 = assertThrows(RuotException.class, () -> ParameterStore.load(v, Device.cpu(), DataType.FLOAT32));
        assertTrue(e2.getMessage().contains("version.bin") && e2.getMessage().contains("version 99"), e2.getMessage());
    }

    @Test
    void putCopiesInPlaceAndNeverAliasesTheSource() {
        try (ParameterStore store = new ParameterStore(Device.cpu(), DataType.FLOAT64);
                NDManager m = NDManager.newBaseManager()) {
            NDArray src = m.create(new double[] {1, 2, 3});
            store.put("w", src);
            NDArray held = store.get("w");
            src.addi(10);
            assertArrayEquals(new double[] {1, 2, 3}, held.toDoubleArray(), 0.0);
            store.put("w", m.create(new double[] {4, 5, 6}));
            assertSame(held, store.get("w"));
            assertArrayEquals(new double[] {4, 5, 6}, held.toDoubleArray(), 0.0);
            assertThrows(RuotException.class, () -> store.put("w", m.create(new double[] {1, 2})));
            assertThrows(RuotException.class, () -> store.get("nope"));
            // float32 source into a float64 store is converted
            store.put("f", m.create(new float[] {0.5f}));
            assertEquals(DataType.FLOAT64, store.get("f").getDataType());
        }
    }

    @Test
    void snapshotRestoreBringsBackEarlierValues() {
        try (ParameterStore store = new ParameterStore(); NDManager m = NDManager.newBaseManager()) {
            Mlp net = new Mlp("g", new MlpSpec(3, 6, 2, 1, Activation.LEAKY_RELU), store, 5);
            Map<String, float[]> snap = store.snapshot();
            float[] before = store.get(Mlp.weightName("g", 1)).toFloatArray();
            store.get(Mlp.weightName("g", 1)).stopGradient().addi(1f);
            assertNotEquals(before[0], store.get(Mlp.weightName("g", 1)).toFloatArray()[0]);
            store.restore(snap);
            assertArrayEquals(before, store.get(Mlp.weightName("g", 1)).toFloatArray(), 0f);
            assertEquals(net.parameters().size(), store.names().size());
        }
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT32", "FLOAT64"})
    void snapshotIntoEqualsSnapshotAndReusesTheMapsArrays(DataType dtype) {
        try (ParameterStore store = new ParameterStore(Device.cpu(), dtype)) {
            new Mlp("v", new MlpSpec(3, 7, 2, 2, Activation.TANH), store, 9);
            Map<String, float[]> into = new java.util.LinkedHashMap<>();
            String w1 = Mlp.weightName("v", 1);
            into.put(w1, new float[3]); // wrong size: replaced
            store.snapshotInto(into);
            Map<String, float[]> expected = store.snapshot();
            assertEquals(expected.keySet(), into.keySet());
            for (String name : expected.keySet()) {
                assertArrayEquals(expected.get(name), into.get(name), 0f, name);
            }
            // change the parameters, snapshot again into the same map: same arrays, new values
            Map<String, float[]> arrays = new java.util.HashMap<>(into);
            for (String name : store.names()) {
                store.get(name).stopGradient().addi(0.5);
            }
            store.snapshotInto(into);
            Map<String, float[]> changed = store.snapshot();
            for (String name : expected.keySet()) {
                assertSame(arrays.get(name), into.get(name), name);
                assertArrayEquals(changed.get(name), into.get(name), 0f, name);
                assertEquals(expected.get(name)[0] + 0.5f, into.get(name)[0], 1e-6f, name);
            }
            // and it restores like a snapshot
            store.restore(expected);
            Map<String, float[]> back = store.snapshotInto(into);
            assertSame(into, back);
            assertArrayEquals(expected.get(w1), into.get(w1), 0f);
        }
    }

    @Test
    void initialisationFollowsPyTorchLinearBounds() {
        try (ParameterStore store = new ParameterStore(Device.cpu(), DataType.FLOAT64)) {
            new Mlp("s", new MlpSpec(3, 64, 2, 1, Activation.TANH), store, 9);
            double[] w0 = store.get("s.0.weight").toDoubleArray();
            double[] w1 = store.get("s.2.weight").toDoubleArray();
            double b0 = 1 / Math.sqrt(3);
            double b1 = 1 / Math.sqrt(64);
            assertTrue(Arrays.stream(w0).allMatch(v -> Math.abs(v) <= b0) && Arrays.stream(w0).anyMatch(v -> Math.abs(v) > 0.9 * b0));
            assertTrue(Arrays.stream(w1).allMatch(v -> Math.abs(v) <= b1) && Arrays.stream(w1).anyMatch(v -> Math.abs(v) > 0.9 * b1));
            // U(-b, b) has variance b²/3
            double var = Arrays.stream(w1).map(v -> v * v).average().orElseThrow();
            assertEquals(b1 * b1 / 3, var, 0.1 * b1 * b1 / 3);
            assertEquals(new Shape(1, 64), store.get("s.4.weight").getShape());
        }
    }

    @Test
    void devicesChoose() {
        assertEquals(Device.cpu(), Devices.choose("cpu"));
        assertThrows(RuotException.class, () -> Devices.choose("tpu"));
        Device auto = Devices.choose("auto");
        assertTrue(auto.equals(Device.cpu()) || auto.isGpu());
    }
}
