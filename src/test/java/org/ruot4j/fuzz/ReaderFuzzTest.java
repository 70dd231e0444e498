package org.ruot4j.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ruot4j.dynamics.RuotModel;
import org.ruot4j.data.ReadOptions;
import org.ruot4j.data.SnapshotReaders;
import org.ruot4j.data.Snapshots;
import org.ruot4j.nn.DeepRuotImport;
import org.ruot4j.nn.ParameterStore;
import org.ruot4j.train.Checkpoint;
import org.ruot4j.train.TrainingConfig;
import org.ruot4j.train.TrainingHistory;

/**
 * Feeds {@value #INPUTS} deterministic mutants of small valid seed files to each reader — CSV/TSV tables,
 * AnnData .h5ad files, ruot4j parameter files, ruot4j model checkpoints and DeepRUOT (PyTorch) checkpoints — and
 * requires every one to give either a read that passes the reader's invariants or a {@link org.ruot4j.RuotException}
 * with a one-line message: never another exception, a hang, or an OutOfMemoryError.
 */
class ReaderFuzzTest {
    static final int INPUTS = 5000;

    @TempDir
    Path dir;

    private static void assertNoCrashes(FuzzHarness h) {
        System.out.println(h.report());
        assertEquals(INPUTS, h.inputs);
        assertTrue(h.crashes.isEmpty(), h.report());
        // both outcomes must occur, else the mutants are too mild or too destructive to test anything
        assertTrue(h.reads > 0 && h.errors > 0, h.report());
    }

    /** Invariants of any successful read: a time per snapshot in increasing order, finite cells of the given width. */
    private static void checkSnapshots(Snapshots s) {
        assertTrue(s.numTimes() >= 1 && s.dim() == s.features().size() && s.dim() >= 1, "shape of " + s);
        for (int k = 0; k < s.numTimes(); k++) {
            assertTrue(k == 0 || s.time(k) > s.time(k - 1), "times not increasing");
            assertTrue(Double.isFinite(s.time(k)) && s.count(k) >= 1, "time " + k);
            double[] flat = s.flat(k);
            assertEquals((long) s.count(k) * s.dim(), flat.length);
            for (double v : flat) {
                assertTrue(Double.isFinite(v), "non-finite value read");
            }
        }
    }

    @Test
    void delimitedTablesSurviveMutation() throws IOException {
        String[] seeds = {
            "samples,x1,x2\n0,0.5,1.25\n0,-0.75,2\n1,1.5,-0.5\n1,2.25,0.125\n2,3,1\n2,2.5,-1.5\n",
            "samples\tgeneA\tgeneB\tgeneC\n0.0\t1\t2\t3\n0.5\t4\t5\t6\n0.5\t7\t8\t9\n1.25\t1e-3\t-2E2\t0\n",
            ",samples,\"x,1\",x2\ncell1,0,\"1.5\",2\ncell2,1,\"2\"\"\",3\ncell3,1,4,5\n",
            "\uFEFFday;a;b\n1;0.1;0.2\n2;0.3;0.4\n\n3;0.5;0.6\n",
        };
        String[] names = {"t.csv", "t.tsv", "t.csv", "t.txt"};
        ReadOptions[] options = {ReadOptions.defaults(), ReadOptions.defaults(), ReadOptions.defaults().withFeatures("x2"),
            ReadOptions.defaults().withTimeColumn("day")};
        // the seeds themselves are read correctly
        Snapshots first = SnapshotReaders.read(write(names[0], seeds[0].getBytes(StandardCharsets.UTF_8)), options[0]);
        assertEquals(3, first.numTimes());
        assertEquals(-0.75, first.get(0, 1, 0));
        Mutator m = new Mutator(20261128L);
        try (FuzzHarness h = new FuzzHarness("table")) {
            for (int i = 0; i < INPUTS; i++) {
                int s = i % seeds.length;
                Path f = write(names[s], m.text(seeds[s]));
                ReadOptions o = options[s];
                h.check(f, () -> checkSnapshots(SnapshotReaders.read(f, o)));
            }
            assertNoCrashes(h);
        }
    }

    @Test
    void h5adFilesSurviveMutation() throws IOException {
        String[] seeds = {"dense.h5ad", "csr.h5ad", "legacy07.h5ad"};
        ReadOptions[] options = {ReadOptions.defaults(), ReadOptions.defaults().withFeatures("x2"),
            ReadOptions.defaults().withTimeColumn("stage")};
        byte[][] bytes = new byte[seeds.length][];
        for (int s = 0; s < seeds.length; s++) {
            try (InputStream in = ReaderFuzzTest.class.getResourceAsStream(seeds[s])) {
                bytes[s] = in.readAllBytes();
            }
            Snapshots read = SnapshotReaders.read(write("seed.h5ad", bytes[s]), options[s]);
            assertEquals(3, read.numTimes());
            assertEquals(6, read.totalCount());
        }
        Mutator m = new Mutator(7L);
        try (FuzzHarness h = new FuzzHarness("h5ad")) {
            for (int i = 0; i < INPUTS; i++) {
                int s = i % seeds.length;
                Path f = write("t.h5ad", m.bytes(bytes[s]));
                ReadOptions o = options[s];
                h.check(f, () -> checkSnapshots(SnapshotReaders.read(f, o)));
            }
            assertNoCrashes(h);
        }
    }

    /** A saved model of the given size with two history rows, written by {@link Checkpoint#save}. */
    private Path seedCheckpoint() {
        TrainingConfig c = TrainingConfig.preset("quick");
        for (String k : new String[] {"width", "growth_width", "score_width"}) {
            c.set(k, "3");
        }
        for (String k : new String[] {"depth", "growth_depth", "score_depth"}) {
            c.set(k, "1");
        }
        RuotModel model = RuotModel.create(Checkpoint.modelSpec(c, 2), Device.cpu(), 3L);
        TrainingHistory history = new TrainingHistory();
        history.add(new TrainingHistory.Row("pretrain", 1, 0.5, Map.of("loss", 2.0, "ot", 1.5)));
        history.add(new TrainingHistory.Row("pretrain", 2, 1.0, Map.of("loss", 1.0, "ot", 0.75)));
        Path model0 = dir.resolve("seed-model");
        Checkpoint.save(model0, model, c, history, new Checkpoint.DataInfo("seed.csv", List.of("x1", "x2"),
                new double[] {0, 1, 2}, new double[] {1, 1.5, 2}), null, null);
        model.store().close();
        return model0;
    }

    /** Overwrites the trailing CRC32 of a ruot4j tensor file so a mutant reaches the parser behind the checksum. */
    private static byte[] fixChecksum(byte[] b) {
        if (b.length < 8) {
            return b;
        }
        CRC32 crc = new CRC32();
        crc.update(b, 0, b.length - 8);
        ByteBuffer.wrap(b, b.length - 8, 8).putLong(crc.getValue());
        return b;
    }

    /** One tensor as an independent decoder reads it: shape and values. */
    private record Decoded(long[] shape, double[] values) {
    }

    /**
     * A second reader of the tensor-file layout (magic, version, kind, count; per tensor name, dtype, rank, dims,
     * values; CRC32), written from its documentation, for the mutants the real reader accepted.
     */
    private static Map<String, Decoded> decode(byte[] b) {
        ByteBuffer in = ByteBuffer.wrap(b);
        in.position(8);
        in.getInt();
        int kindLength = Short.toUnsignedInt(in.getShort());
        in.position(in.position() + kindLength);
        int count = in.getInt();
        Map<String, Decoded> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            byte[] name = new byte[Short.toUnsignedInt(in.getShort())];
            in.get(name);
            boolean f64 = in.get() == 1;
            long[] shape = new long[in.getInt()];
            long size = 1;
            for (int k = 0; k < shape.length; k++) {
                shape[k] = in.getLong();
                size *= shape[k];
            }
            double[] v = new double[(int) size];
            for (int k = 0; k < v.length; k++) {
                v[k] = f64 ? in.getDouble() : in.getFloat();
            }
            out.put(new String(name, StandardCharsets.UTF_8), new Decoded(shape, v));
        }
        assertEquals(b.length - 8, in.position(), "the CRC32 follows the last tensor");
        return out;
    }

    /** The store holds exactly the decoded tensors: names, shapes and values (as float32). */
    private static void assertSameTensors(Map<String, Decoded> expected, ParameterStore s) {
        assertEquals(expected.keySet(), s.names());
        Map<String, float[]> got = s.snapshot();
        for (Map.Entry<String, Decoded> e : expected.entrySet()) {
            assertEquals(new ai.djl.ndarray.types.Shape(e.getValue().shape()), s.get(e.getKey()).getShape(), e.getKey());
            float[] g = got.get(e.getKey());
            double[] want = e.getValue().values();
            assertEquals(want.length, g.length, e.getKey());
            for (int k = 0; k < g.length; k++) {
                assertEquals(Float.floatToIntBits((float) want[k]), Float.floatToIntBits(g[k]), e.getKey() + "[" + k + "]");
            }
        }
    }

    /**
     * Rewrites the checksum file of a model directory for its current files (as {@link Checkpoint#save} does), so
     * that a mutant reaches the parsers behind the checksum.
     */
    private static void fixChecksums(Path model) throws IOException {
        StringBuilder sb = new StringBuilder();
        try (java.util.stream.Stream<Path> l = Files.list(model)) {
            for (Path p : l.sorted().toList()) {
                if (!p.getFileName().toString().equals(Checkpoint.CHECKSUMS)) {
                    try {
                        sb.append(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                .digest(Files.readAllBytes(p)))).append("  ").append(p.getFileName()).append('\n');
                    } catch (java.security.NoSuchAlgorithmException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        Files.writeString(model.resolve(Checkpoint.CHECKSUMS), sb.toString());
    }

    @Test
    void parameterFilesSurviveMutation() throws IOException {
        byte[] seed = Files.readAllBytes(seedCheckpoint().resolve("parameters.bin"));
        Mutator m = new Mutator(11L);
        try (FuzzHarness h = new FuzzHarness("parameters")) {
            for (int i = 0; i < INPUTS; i++) {
                byte[] b = m.bytes(seed);
                Path f = write("parameters.bin", i % 2 == 0 ? fixChecksum(b) : b);
                h.check(f, () -> {
                    try (ParameterStore s = ParameterStore.load(f, Device.cpu(), DataType.FLOAT32)) {
                        assertSameTensors(decode(Files.readAllBytes(f)), s);
                    }
                });
            }
            assertNoCrashes(h);
        }
    }

    @Test
    void modelCheckpointsSurviveMutation() throws IOException {
        Path seed = seedCheckpoint();
        Checkpoint.Loaded ok = Checkpoint.load(seed, Device.cpu());
        assertEquals(2, ok.model().dim());
        assertEquals(2, ok.history().size());
        ok.model().store().close();
        String[] files = {"config.json", "parameters.bin", "history.csv"};
        byte[][] bytes = new byte[files.length][];
        for (int k = 0; k < files.length; k++) {
            bytes[k] = Files.readAllBytes(seed.resolve(files[k]));
        }
        byte[] checksums = Files.readAllBytes(seed.resolve(Checkpoint.CHECKSUMS));
        Mutator m = new Mutator(13L);
        Path model = dir.resolve("model");
        Files.createDirectories(model);
        try (FuzzHarness h = new FuzzHarness("checkpoint")) {
            for (int i = 0; i < INPUTS; i++) {
                int target = i % 5 < 3 ? 0 : i % 5 == 3 ? 1 : 2; // the JSON holds most of the structure
                for (int k = 0; k < files.length; k++) {
                    byte[] b = bytes[k];
                    if (k == target) {
                        b = k == 1 ? fixChecksum(m.bytes(b)) : m.nextInt(3) == 0 ? m.bytes(b)
                                : m.text(new String(b, StandardCharsets.UTF_8));
                    }
                    Files.write(model.resolve(files[k]), b);
                }
                if (i % 8 != 7) { // most mutants get a matching checksum file; the others must fail its check
                    fixChecksums(model);
                } else {
                    Files.write(model.resolve(Checkpoint.CHECKSUMS), checksums);
                }
                h.check(model, () -> {
                    Checkpoint.Loaded l = Checkpoint.load(model, Device.cpu());
                    try {
                        assertEquals(l.data().features().size(), l.model().dim());
                    } finally {
                        l.model().store().close();
                    }
                });
            }
            assertNoCrashes(h);
        }
    }

    /**
     * The latest resumable checkpoint of a tiny fit stopped after epoch 1 of stage A: a model directory plus
     * resume.json, best.bin and optimizer.bin (Adam moments of v and g).
     */
    private Path seedResumableCheckpoint() {
        Path ck = dir.resolve("seed-checkpoints");
        Snapshots data = org.ruot4j.data.synthetic.ToggleSwitch.builder().cells(8).times(0, 1, 2).sigma(0.1).seed(2)
                .maxCellsPerTime(12).build().generate().snapshots();
        try (org.ruot4j.Session s = org.ruot4j.Session.create().preset("quick").config(String.join("\n", "width = 3",
                "depth = 1", "growth_width = 3", "growth_depth = 1", "score_width = 3", "score_depth = 1",
                "step = 0.25", "eval.step = 0.25", "pretrain.epochs = 3", "checkpoint.every = 1")).load(data)
                .checkpointTo(ck)) {
            s.addListener(e -> {
                if (e.stage().equals("pretrain") && e.epoch() == 1) {
                    s.cancel();
                }
            });
            s.fit();
        }
        return ck;
    }

    @Test
    void resumableCheckpointsSurviveMutation() throws IOException {
        Path seedDir = seedResumableCheckpoint();
        Path seed;
        try (java.util.stream.Stream<Path> l = Files.list(seedDir)) {
            seed = l.filter(p -> p.getFileName().toString().startsWith("ckpt-")).findFirst().orElseThrow();
        }
        String[] files = {"resume.json", "best.bin", "optimizer.bin", "config.json", "parameters.bin", "history.csv"};
        byte[][] bytes = new byte[files.length][];
        for (int k = 0; k < files.length; k++) {
            bytes[k] = Files.readAllBytes(seed.resolve(files[k]));
        }
        Path ck = dir.resolve("checkpoints");
        Path one = ck.resolve(seed.getFileName());
        Files.createDirectories(one);
        Mutator m = new Mutator(17L);
        try (FuzzHarness h = new FuzzHarness("resume")) {
            for (int i = 0; i < INPUTS; i++) {
                int target = i % 3; // resume.json, best.bin and optimizer.bin: what resuming reads beyond a model
                for (int k = 0; k < files.length; k++) {
                    byte[] b = bytes[k];
                    if (k == target) {
                        b = k > 0 ? (i % 2 == 0 ? fixChecksum(m.bytes(b)) : m.bytes(b)) : m.nextInt(3) == 0
                                ? m.bytes(b) : m.text(new String(b, StandardCharsets.UTF_8));
                    }
                    Files.write(one.resolve(files[k]), b);
                }
                fixChecksums(one);
                h.check(one, () -> {
                    org.ruot4j.train.FitCheckpoints.Resumed r = new org.ruot4j.train.FitCheckpoints(ck)
                            .latest(Device.cpu()).orElseThrow();
                    try {
                        assertEquals(2, r.loaded().model().dim());
                        if (r.state() != null) {
                            new org.ruot4j.nn.Adam(1e-3).loadState(r.state().optimizerFile(),
                                    r.loaded().model().parameters("v", "g"));
                        }
                    } finally {
                        r.loaded().model().store().close();
                    }
                });
            }
            assertNoCrashes(h);
        }
    }

    /** A DeepRUOT-shaped state dict: v (3→3→2), g (3→3→1) for the fnet file, s (3→3→1) for the score file. */
    private static List<TorchZips.Tensor> stateDict(String... prefixesAndOutputs) {
        List<TorchZips.Tensor> t = new ArrayList<>();
        for (int p = 0; p < prefixesAndOutputs.length; p += 3) {
            String hidden = prefixesAndOutputs[p];
            String out = prefixesAndOutputs[p + 1];
            int outDim = Integer.parseInt(prefixesAndOutputs[p + 2]);
            t.add(TorchZips.Tensor.floats(hidden + "weight", new long[] {3, 3}, values(9, t.size())));
            t.add(TorchZips.Tensor.floats(hidden + "bias", new long[] {3}, values(3, t.size())));
            t.add(TorchZips.Tensor.floats(out + "weight", new long[] {outDim, 3}, values(3 * outDim, t.size())));
            t.add(TorchZips.Tensor.floats(out + "bias", new long[] {outDim}, values(outDim, t.size())));
        }
        return t;
    }

    private static float[] values(int n, int salt) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) Math.sin(1.7 * i + salt);
        }
        return v;
    }

    /** A structurally plausible but wrong variant: other dtype, shape, stride, offset or storage length. */
    private static List<TorchZips.Tensor> distort(List<TorchZips.Tensor> tensors, Mutator m) {
        List<TorchZips.Tensor> out = new ArrayList<>(tensors);
        int i = m.nextInt(out.size());
        TorchZips.Tensor t = out.get(i);
        long[] huge = {0, -1, 1, 2, 4, 0x7fffffffL, 65535, 100000, -0x80000000L};
        long[] size = t.size().clone();
        long[] stride = t.stride().clone();
        switch (m.nextInt(6)) {
            case 0 -> t = new TorchZips.Tensor(t.name(), new String[] {"DoubleStorage", "LongStorage", "HalfStorage",
                "BFloat16Storage", "IntStorage"}[m.nextInt(5)], t.numel(), t.offset(), size, stride, t.storage());
            case 1 -> {
                size[m.nextInt(size.length)] = huge[m.nextInt(huge.length)];
                t = new TorchZips.Tensor(t.name(), t.storageType(), t.numel(), t.offset(), size, stride, t.storage());
            }
            case 2 -> {
                stride[m.nextInt(stride.length)] = huge[m.nextInt(huge.length)];
                t = new TorchZips.Tensor(t.name(), t.storageType(), t.numel(), t.offset(), size, stride, t.storage());
            }
            case 3 -> t = new TorchZips.Tensor(t.name(), t.storageType(), huge[m.nextInt(huge.length)], t.offset(), size,
                    stride, t.storage());
            case 4 -> t = new TorchZips.Tensor(t.name(), t.storageType(), t.numel(), huge[m.nextInt(huge.length)], size,
                    stride, t.storage());
            default -> t = new TorchZips.Tensor(t.name(), t.storageType(), t.numel(), t.offset(),
                    m.nextInt(2) == 0 ? new long[] {size[0]} : new long[] {size[0], 3, 1}, stride, t.storage());
        }
        out.set(i, t);
        return out;
    }

    @Test
    void deepRuotCheckpointsSurviveMutation() throws IOException {
        List<TorchZips.Tensor> fnet = stateDict("v_net.net.0.0.", "v_net.out.", "2", "g_net.net.0.", "g_net.net.2.", "1");
        List<TorchZips.Tensor> score = stateDict("net.0.", "net.2.", "1");
        Path goodFnet = write("fnet.pt", TorchZips.zip(fnet));
        Path goodScore = write("score.pt", TorchZips.zip(score));
        try (ParameterStore s = new ParameterStore(Device.cpu(), DataType.FLOAT64)) {
            DeepRuotImport.Networks n = DeepRuotImport.load(goodFnet, goodScore, s);
            assertEquals(2, n.velocity().spec().dataDim());
            assertEquals((float) Math.sin(1.7 * 4 + 0), (float) s.get("v.0.weight").getDouble(1, 1));
        }
        List<byte[]> refs = new ArrayList<>();
        for (String r : new String[] {"simulation_sigma_005_fnet.pt", "simulation_sigma_005_score.pt"}) {
            Path p = Path.of("..", "shared", "reference", r);
            if (Files.isRegularFile(p)) {
                refs.add(Files.readAllBytes(p));
            }
        }
        Mutator m = new Mutator(17L);
        try (FuzzHarness h = new FuzzHarness("deepruot")) {
            for (int i = 0; i < INPUTS; i++) {
                boolean mutateFnet = i % 2 == 0;
                List<TorchZips.Tensor> base = mutateFnet ? fnet : score;
                byte[] mutant;
                switch (i / 2 % 5) {
                    case 0 -> mutant = m.bytes(TorchZips.zip(base)); // the archive itself
                    case 1 -> mutant = TorchZips.zip(m.bytes(TorchZips.pickle(base)), // the pickle program
                            base.stream().map(TorchZips.Tensor::storage).toList());
                    case 2 -> {
                        List<byte[]> storages = new ArrayList<>(base.stream().map(TorchZips.Tensor::storage).toList());
                        int k = m.nextInt(storages.size());
                        storages.set(k, m.bytes(storages.get(k)));
                        mutant = TorchZips.zip(TorchZips.pickle(base), storages);
                    }
                    case 3 -> mutant = TorchZips.zip(distort(base, m)); // wrong dtype / shape / stride / lengths
                    default -> mutant = refs.isEmpty() || i % 4 != 0 ? TorchZips.zip(distort(distort(base, m), m))
                            : m.bytes(refs.get(m.nextInt(refs.size())));
                }
                Path f = write(mutateFnet ? "fnet-mutant.pt" : "score-mutant.pt", mutant);
                Path fn = mutateFnet ? f : goodFnet;
                Path sc = mutateFnet ? goodScore : f;
                boolean alsoList = i % 10 == 9;
                h.check(f, () -> {
                    if (alsoList) { // also the plain tensor listing
                        DeepRuotImport.readStateDict(f).values().forEach(t -> assertEquals(
                                java.util.Arrays.stream(t.shape()).reduce(1, (a, b) -> a * b), t.values().length));
                    }
                    try (ParameterStore s = new ParameterStore(Device.cpu(), DataType.FLOAT32)) {
                        DeepRuotImport.Networks n = DeepRuotImport.load(fn, sc, s);
                        assertEquals(n.velocity().spec().dataDim(), n.score().spec().dataDim());
                    }
                });
            }
            assertNoCrashes(h);
        }
    }

    private Path write(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }
}
