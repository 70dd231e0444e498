package org.ruot4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ruot4j.RuotException;

/** Import of the DeepRUOT reference checkpoint, checked against the values the reference model gives. */
class DeepRuotImportTest {
    private static final Path REF = Path.of("..", "shared", "reference");

    private static void assumeReference() {
        assumeTrue(Files.isRegularFile(REF.resolve("sim_sigma005_forward.json")),
                "skipped: ../shared/reference (DeepRUOT reference checkpoint and values) is absent");
    }

    @Test
    void stateDictKeysAndShapes() {
        assumeReference();
        Map<String, DeepRuotImport.TorchTensor> fnet = DeepRuotImport.readStateDict(REF.resolve("simulation_sigma_005_fnet.pt"));
        assertArrayEquals(new long[] {128, 3}, fnet.get("v_net.net.0.0.weight").shape());
        assertArrayEquals(new long[] {2, 128}, fnet.get("v_net.out.weight").shape());
        assertArrayEquals(new long[] {1}, fnet.get("g_net.net.6.bias").shape());
        assertEquals(32, fnet.size());
        Map<String, DeepRuotImport.TorchTensor> score = DeepRuotImport.readStateDict(REF.resolve("simulation_sigma_005_score.pt"));
        assertEquals(8, score.size());
        assertArrayEquals(new long[] {128, 128}, score.get("net.2.weight").shape());
    }

    @Test
    void importedReferenceReproducesItsForwardValues() throws IOException {
        assumeReference();
        JsonObject ref = JsonParser.parseString(Files.readString(REF.resolve("sim_sigma005_forward.json"))).getAsJsonObject();
        JsonArray pts = ref.getAsJsonArray("points");
        int n = pts.size();
        double[][] x = new double[n][];
        for (int i = 0; i < n; i++) {
            JsonArray p = pts.get(i).getAsJsonArray();
            x[i] = new double[p.size()];
            for (int j = 0; j < p.size(); j++) {
                x[i][j] = p.get(j).getAsDouble();
            }
        }
        int checked = 0;
        double maxErr = 0;
        try (ParameterStore store = new ParameterStore(Device.cpu(), DataType.FLOAT64);
                NDManager m = NDManager.newBaseManager(Device.cpu())) {
            DeepRuotImport.Networks nets = DeepRuotImport.load(REF.resolve(ref.get("fnet_file").getAsString()),
                    REF.resolve(ref.get("score_file").getAsString()), store);
            assertEquals(new MlpSpec(3, 128, 3, 2, Activation.LEAKY_RELU), nets.velocity().spec());
            assertEquals(new MlpSpec(3, 128, 3, 1, Activation.LEAKY_RELU), nets.score().spec());
            JsonObject values = ref.getAsJsonObject("values");
            for (String time : values.keySet()) {
                JsonObject at = values.getAsJsonObject(time);
                double t = Double.parseDouble(time);
                try (NDScope scope = new NDScope()) {
                    NDArray xs = m.create(x);
                    double[] v = nets.velocity().value(t, xs).toDoubleArray();
                    double[] g = nets.growth().value(t, xs).toDoubleArray();
                    MlpOutput so = nets.score().forward(t, xs, Want.gradient(), null);
                    double[] s = so.value().toDoubleArray();
                    double[] gs = so.gradX().toDoubleArray();
                    for (int i = 0; i < n; i++) {
                        for (int j = 0; j < 2; j++) {
                            assertEquals(at.getAsJsonArray("v").get(i).getAsJsonArray().get(j).getAsDouble(), v[i * 2 + j], 1e-5, "v t=" + time);
                            assertEquals(at.getAsJsonArray("grad_s").get(i).getAsJsonArray().get(j).getAsDouble(), gs[i * 2 + j], 1e-5, "grad_s t=" + time);
                        }
                        assertEquals(at.getAsJsonArray("g").get(i).getAsDouble(), g[i], 1e-5, "g t=" + time);
                        assertEquals(at.getAsJsonArray("s").get(i).getAsDouble(), s[i], 1e-5, "s t=" + time);
                        checked++;
                        maxErr = Math.max(maxErr, Math.abs(at.getAsJsonArray("s").get(i).getAsDouble() - s[i]));
                        for (int j = 0; j < 2; j++) {
                            maxErr = Math.max(maxErr, Math.abs(at.getAsJsonArray("v").get(i).getAsJsonArray().get(j).getAsDouble() - v[i * 2 + j]));
                            maxErr = Math.max(maxErr, Math.abs(at.getAsJsonArray("grad_s").get(i).getAsJsonArray().get(j).getAsDouble() - gs[i * 2 + j]));
                        }
                        maxErr = Math.max(maxErr, Math.abs(at.getAsJsonArray("g").get(i).getAsDouble() - g[i]));
                    }
                }
            }
        }
        assertTrue(checked >= 8, "reference has values at several times");
        System.out.println("DeepRUOT reference: " + checked + " point-times, max abs error " + maxErr);
    }

    @Test
    void foreignAndDamagedCheckpointsAreNamedErrors(@TempDir Path dir) throws IOException {
        Path notZip = dir.resolve("plain.pt");
        Files.writeString(notZip, "hello");
        RuotException e1 = assertThrows(RuotException.class, () -> DeepRuotImport.readStateDict(notZip));
        assertTrue(e1.getMessage().contains("plain.pt"), e1.getMessage());

        Path badOp = dir.resolve("badop.pt");
        writeZip(badOp, new byte[] {(byte) 0x80, 2, (byte) 0x95, 0, 0});
        RuotException e2 = assertThrows(RuotException.class, () -> DeepRuotImport.readStateDict(badOp));
        assertTrue(e2.getMessage().contains("badop.pt") && e2.getMessage().contains("0x95"), e2.getMessage());

        Path truncated = dir.resolve("trunc.pt");
        writeZip(truncated, new byte[] {(byte) 0x80, 2, 'X', 10, 0, 0, 0, 'a'});
        RuotException e3 = assertThrows(RuotException.class, () -> DeepRuotImport.readStateDict(truncated));
        assertTrue(e3.getMessage().contains("trunc.pt") && e3.getMessage().contains("truncated"), e3.getMessage());

        assertThrows(RuotException.class, () -> DeepRuotImport.readStateDict(dir.resolve("missing.pt")));
    }

    private static void writeZip(Path file, byte[] pickle) throws IOException {
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
            zip.putNextEntry(new ZipEntry("archive/data.pkl"));
            zip.write(pickle);
            zip.closeEntry();
        }
    }
}
