package org.ruot4j.nn;

import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.ruot4j.RuotException;

/**
 * Imports a DeepRUOT PyTorch checkpoint into {@link Mlp}s. A checkpoint is a zip archive holding data.pkl (a
 * pickled OrderedDict state dict, see {@link TorchPickle}) and one raw little-endian storage per tensor in
 * data/&lt;key&gt;. The fnet file holds the velocity net ({@code v_net.net.i.0.*} hidden layers,
 * {@code v_net.out.*} output) and the growth net ({@code g_net.net.2l.*}); the score file holds the potential s
 * ({@code net.2l.*}, or {@code s_net.net.2l.*}). All use LeakyReLU(0.01) on the input [t, x].
 */
public final class DeepRuotImport {
    /** A tensor read from a checkpoint: row-major values (float32 storages widen exactly). */
    public record TorchTensor(long[] shape, double[] values) {
        public Shape djlShape() {
            return new Shape(shape);
        }
    }

    /** The three imported networks. */
    public record Networks(Mlp velocity, Mlp growth, Mlp score) {}

    private DeepRuotImport() {
    }

    /**
     * Reads every tensor of a PyTorch state-dict checkpoint, in file order.
     *
     * @throws RuotException naming the file when it is missing, not a PyTorch zip checkpoint, uses an unsupported
     *     pickle opcode or storage type, or is truncated
     */
    public static Map<String, TorchTensor> readStateDict(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new RuotException("checkpoint " + file + " does not exist");
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry pkl = null;
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements();) {
                ZipEntry z = e.nextElement();
                if (z.getName().equals("data.pkl") || z.getName().endsWith("/data.pkl")) {
                    pkl = z;
                    break;
                }
            }
            if (pkl == null) {
                throw new RuotException(file + ": no data.pkl inside (not a PyTorch state-dict checkpoint)");
            }
            String prefix = pkl.getName().substring(0, pkl.getName().length() - "data.pkl".length());
            ZipEntry order = zip.getEntry(prefix + "byteorder");
            if (order != null) {
                String bo = new String(read(zip, order, file), StandardCharsets.US_ASCII).trim();
                if (!bo.equals("little")) {
                    throw new RuotException(file + ": byteorder '" + TensorFile.printable(bo) + "', only little-endian checkpoints are read");
                }
            }
            Object root = TorchPickle.load(read(zip, pkl, file), file.toString());
            if (!(root instanceof Map<?, ?> dict)) {
                throw new RuotException(file + ": data.pkl does not hold a state dict (a dictionary of tensors)");
            }
            Map<String, TorchTensor> out = new LinkedHashMap<>();
            Map<String, byte[]> storages = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : dict.entrySet()) {
                if (!(e.getKey() instanceof String key) || !(e.getValue() instanceof TorchPickle.TensorRef t)) {
                    continue; // not a tensor entry
                }
                byte[] data = storages.get(t.storage().key());
                if (data == null) {
                    ZipEntry se = zip.getEntry(prefix + "data/" + t.storage().key());
                    if (se == null) {
                        throw new RuotException(file + ": storage data/" + TensorFile.printable(t.storage().key()) + " of '"
                                + TensorFile.printable(key) + "' is missing");
                    }
                    data = read(zip, se, file);
                    storages.put(t.storage().key(), data);
                }
                out.put(key, materialize(file, key, t, data));
            }
            return out;
        } catch (ZipException | IllegalArgumentException e) {
            // ZipFile reports a malformed entry name (bad UTF-8 in the central directory) as IllegalArgumentException
            throw new RuotException(file + ": not a PyTorch checkpoint (not a readable zip archive: "
                    + TensorFile.printable(String.valueOf(e.getMessage())) + ")");
        } catch (IOException e) {
            throw new RuotException("cannot read checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] read(ZipFile zip, ZipEntry entry, Path file) throws IOException {
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] b = in.readAllBytes();
            if (entry.getSize() >= 0 && b.length != entry.getSize()) {
                throw new RuotException(file + ": entry " + entry.getName() + " is truncated");
            }
            return b;
        } catch (java.io.EOFException e) {
            throw new RuotException(file + ": entry " + entry.getName() + " is truncated");
        }
    }

    private static TorchTensor materialize(Path file, String rawKey, TorchPickle.TensorRef t, byte[] data) {
        String key = TensorFile.printable(rawKey);
        int bytes;
        switch (t.storage().type()) {
            case "FloatStorage":
                bytes = 4;
                break;
            case "DoubleStorage":
                bytes = 8;
                break;
            default:
                throw new RuotException(file + ": tensor '" + key + "' uses " + TensorFile.printable(t.storage().type())
                        + ", only FloatStorage and DoubleStorage are supported");
        }
        if (t.storage().numel() < 0 || (long) data.length < t.storage().numel() * bytes) {
            throw new RuotException(file + ": storage of '" + key + "' is truncated");
        }
        ByteBuffer buf = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        long[] shape = t.shape();
        long[] stride = t.stride();
        if (stride.length != shape.length) {
            throw new RuotException(file + ": tensor '" + key + "' has " + shape.length + " sizes but " + stride.length + " strides");
        }
        // a state dict holds plain tensors, never broadcast views, so a tensor has at most its storage's elements;
        // checking that before allocating keeps a damaged size field from demanding gigabytes
        long n = 1;
        for (long s : shape) {
            if (s < 0 || (s > 0 && n > t.storage().numel() / s)) {
                throw new RuotException(file + ": tensor '" + key + "' has shape " + java.util.Arrays.toString(shape)
                        + ", more values than its storage of " + t.storage().numel());
            }
            n *= s;
        }
        if (n > t.storage().numel()) {
            throw new RuotException(file + ": tensor '" + key + "' has shape " + java.util.Arrays.toString(shape)
                    + ", more values than its storage of " + t.storage().numel());
        }
        double[] values = new double[Math.toIntExact(n)];
        long[] idx = new long[shape.length];
        for (int i = 0; i < values.length; i++) {
            long off = t.offset();
            for (int k = 0; k < shape.length; k++) {
                off += idx[k] * stride[k];
            }
            if (off < 0 || off >= t.storage().numel()) {
                throw new RuotException(file + ": tensor '" + key + "' reads outside its storage");
            }
            values[i] = bytes == 4 ? buf.getFloat((int) off * 4) : buf.getDouble((int) off * 8);
            for (int k = shape.length - 1; k >= 0; k--) {
                if (++idx[k] < shape[k]) {
                    break;
                }
                idx[k] = 0;
            }
        }
        return new TorchTensor(shape.clone(), values);
    }

    /** {@link #load(Path, Path, ParameterStore, String, String, String)} with names "v", "g", "s". */
    public static Networks load(Path fnetFile, Path scoreFile, ParameterStore store) {
        return load(fnetFile, scoreFile, store, "v", "g", "s");
    }

    /**
     * Imports velocity v and growth g from {@code fnetFile} and potential s from {@code scoreFile} into
     * {@code store} under the given network names (the architecture is read from the tensor shapes), and
     * returns the networks (LeakyReLU 0.01, the DeepRUOT activation).
     */
    public static Networks load(Path fnetFile, Path scoreFile, ParameterStore store, String velocityName,
            String growthName, String scoreName) {
        Map<String, TorchTensor> fnet = readStateDict(fnetFile);
        Map<String, TorchTensor> score = readStateDict(scoreFile);
        List<String[]> vKeys = new ArrayList<>();
        for (int i = 0; fnet.containsKey("v_net.net." + i + ".0.weight"); i++) {
            vKeys.add(new String[] {"v_net.net." + i + ".0.weight", "v_net.net." + i + ".0.bias"});
        }
        vKeys.add(new String[] {"v_net.out.weight", "v_net.out.bias"});
        Mlp v = install(fnetFile, fnet, vKeys, store, velocityName);
        Mlp g = install(fnetFile, fnet, sequentialKeys(fnet, "g_net.net.", fnetFile), store, growthName);
        String sPrefix = score.containsKey("net.0.weight") ? "net." : "s_net.net.";
        Mlp s = install(scoreFile, score, sequentialKeys(score, sPrefix, scoreFile), store, scoreName);
        int dim = v.spec().dataDim();
        if (v.spec().outputDim() != dim || g.spec().dataDim() != dim || s.spec().dataDim() != dim
                || g.spec().outputDim() != 1 || s.spec().outputDim() != 1) {
            throw new RuotException(fnetFile + ", " + scoreFile + ": networks disagree on the dimension (v: "
                    + v.spec() + ", g: " + g.spec() + ", s: " + s.spec() + ")");
        }
        return new Networks(v, g, s);
    }

    /** Keys prefix+0, prefix+2, … of an nn.Sequential(Linear, act, …, Linear). */
    private static List<String[]> sequentialKeys(Map<String, TorchTensor> dict, String prefix, Path file) {
        List<String[]> keys = new ArrayList<>();
        for (int i = 0; dict.containsKey(prefix + i + ".weight"); i += 2) {
            keys.add(new String[] {prefix + i + ".weight", prefix + i + ".bias"});
        }
        if (keys.isEmpty()) {
            List<String> keys0 = new ArrayList<>();
            for (String k : dict.keySet()) {
                if (keys0.size() == 10) {
                    keys0.add("… (" + dict.size() + " in all)");
                    break;
                }
                keys0.add(TensorFile.printable(k));
            }
            throw new RuotException(file + ": no '" + prefix + "0.weight' in the state dict (keys: " + keys0 + ")");
        }
        return keys;
    }

    private static Mlp install(Path file, Map<String, TorchTensor> dict, List<String[]> keys, ParameterStore store,
            String name) {
        int layers = keys.size();
        if (layers < 2) {
            throw new RuotException(file + ": network for '" + name + "' has " + layers + " linear layers, need >= 2");
        }
        long[][] shapes = new long[layers][];
        for (int l = 0; l < layers; l++) {
            TorchTensor w = require(file, dict, keys.get(l)[0]);
            TorchTensor b = require(file, dict, keys.get(l)[1]);
            if (w.shape().length != 2 || b.shape().length != 1 || b.shape()[0] != w.shape()[0]
                    || (l > 0 && w.shape()[1] != shapes[l - 1][0])) {
                throw new RuotException(file + ": layer shapes do not chain at '" + keys.get(l)[0] + "'");
            }
            shapes[l] = w.shape();
        }
        int width = (int) shapes[0][0];
        for (int l = 0; l < layers - 1; l++) {
            if (shapes[l][0] != width) {
                throw new RuotException(file + ": hidden layers of unequal width at '" + keys.get(l)[0] + "'");
            }
        }
        MlpSpec spec = new MlpSpec((int) shapes[0][1], width, layers - 1, (int) shapes[layers - 1][0],
                Activation.LEAKY_RELU);
        for (int l = 0; l < layers; l++) {
            TorchTensor w = dict.get(keys.get(l)[0]);
            TorchTensor b = dict.get(keys.get(l)[1]);
            store.put(Mlp.weightName(name, l), w.djlShape(), w.values());
            store.put(Mlp.biasName(name, l), b.djlShape(), b.values());
        }
        Mlp net = new Mlp(name, spec, store, 0L);
        store.setTrainable(net.parameterNames(), true); // imported weights can be fine-tuned like fresh ones
        return net;
    }

    private static TorchTensor require(Path file, Map<String, TorchTensor> dict, String key) {
        TorchTensor t = dict.get(key);
        if (t == null) {
            throw new RuotException(file + ": state dict has no '" + key + "'");
        }
        return t;
    }
}
