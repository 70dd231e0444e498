package org.ruot4j.train;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.ruot4j.RuotException;
import org.ruot4j.dynamics.RuotModel;
import org.ruot4j.dynamics.UnitFrame;
import org.ruot4j.nn.Mlp;
import org.ruot4j.nn.MlpSpec;
import org.ruot4j.nn.ParameterStore;

/**
 * A saved model: the directory {@code model/} holding {@code config.json} (format, version, dimension, feature
 * names, times, relative masses, pinned score offset and every training setting), {@code parameters.bin} (all
 * network parameters), {@code optimizer.bin} (state of the last optimizer, when there was one) and
 * {@code history.csv}, and {@value #CHECKSUMS}: the SHA-256 of each of those files, so that an edited file — σ
 * changed in config.json, say — is refused instead of silently changing results. Written into a temporary sibling
 * directory that is renamed into place, so a reader never sees half a checkpoint.
 */
public final class Checkpoint {
    /**
     * Format version written by this build. Version 2 adds {@value #CHECKSUMS}, the SHA-256 of every file of the
     * directory; version 1 directories (no checksum file) are still read. Other versions are refused with a clear
     * message.
     */
    public static final int VERSION = 2;
    /** The oldest version this build reads. */
    static final int OLDEST_READABLE = 1;
    /** The checksum file of a model directory, in {@code sha256sum} format ({@code sha256sum -c} checks it). */
    public static final String CHECKSUMS = "checksums.sha256";
    static final String FORMAT = "ruot4j-model";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
            .create();

    /** Facts about the data a model was trained on. */
    public record DataInfo(String source, List<String> features, double[] times, double[] relativeMasses) {
    }

    /**
     * A loaded checkpoint. {@code frame} is null for a model in the data's units (every {@code model/}); a resumable
     * checkpoint of a standardized fit holds the model in training units and the frame that maps them to the data's.
     */
    public record Loaded(RuotModel model, TrainingConfig config, TrainingHistory history, DataInfo data,
            UnitFrame frame) {
    }

    private Checkpoint() {
    }

    /** Writes the checkpoint to {@code dir} (replaced atomically if it exists). */
    public static void save(Path dir, RuotModel model, TrainingConfig config, TrainingHistory history, DataInfo info,
            org.ruot4j.nn.Optimizer optimizer, List<ai.djl.ndarray.NDArray> optimizerParams) {
        save(dir, model, null, config, history, info, optimizer, optimizerParams, tmp -> { });
    }

    /** A file writer that may fail with an I/O error. */
    @FunctionalInterface
    interface ExtraFiles {
        void writeInto(Path tmpDir) throws IOException;
    }

    /**
     * As {@link #save(Path, RuotModel, TrainingConfig, TrainingHistory, DataInfo, org.ruot4j.nn.Optimizer, List)},
     * with more files written by {@code extra} into the directory before it is renamed into place.
     */
    static void save(Path dir, RuotModel model, UnitFrame frame, TrainingConfig config, TrainingHistory history,
            DataInfo info, org.ruot4j.nn.Optimizer optimizer, List<ai.djl.ndarray.NDArray> optimizerParams,
            ExtraFiles extra) {
        Path target = dir.toAbsolutePath().normalize();
        try {
            Path parent = target.getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempDirectory(parent, "." + target.getFileName() + ".tmp");
            JsonObject o = new JsonObject();
            o.addProperty("format", FORMAT);
            o.addProperty("version", VERSION);
            o.addProperty("dim", model.dim());
            o.addProperty("source", info.source());
            o.add("features", GSON.toJsonTree(info.features()));
            o.add("times", GSON.toJsonTree(info.times()));
            o.add("relative_mass", GSON.toJsonTree(info.relativeMasses()));
            o.addProperty("score_offset", model.scoreOffset());
            o.add("config", GSON.toJsonTree(config.asMap()));
            o.addProperty("preset", config.presetName());
            if (frame != null) { // the model is in training units (a resumable checkpoint of a standardized fit)
                JsonObject f = new JsonObject();
                f.add("center", GSON.toJsonTree(frame.center()));
                f.addProperty("scale", frame.scale());
                f.addProperty("t0", frame.t0());
                f.addProperty("time_scale", frame.timeScale());
                o.add("frame", f);
            }
            Files.writeString(tmp.resolve("config.json"), GSON.toJson(o), StandardCharsets.UTF_8);
            model.store().save(tmp.resolve("parameters.bin"));
            if (optimizer != null) {
                optimizer.saveState(tmp.resolve("optimizer.bin"), optimizerParams);
            }
            Files.writeString(tmp.resolve("history.csv"), history.toCsv(), StandardCharsets.UTF_8);
            extra.writeInto(tmp);
            ModelChecksums.write(tmp, CHECKSUMS);
            Path old = null;
            if (Files.exists(target)) {
                old = Files.createTempDirectory(parent, "." + target.getFileName() + ".old");
                Files.delete(old);
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            }
            org.ruot4j.AtomicFiles.makeReadable(tmp);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            if (old != null) {
                deleteTree(old);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + target, e);
        }
    }

    static void deleteTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }

    /**
     * Reads a checkpoint onto {@code device}.
     *
     * @throws RuotException naming the file when it is missing, truncated, not a ruot4j model or of another version
     */
    public static Loaded load(Path dir, Device device) {
        Path cfg = dir.resolve("config.json");
        if (!Files.isRegularFile(cfg)) {
            throw new RuotException(dir + ": not a ruot4j model directory (config.json is missing)");
        }
        JsonObject o;
        try {
            JsonElement e = JsonParser.parseString(Files.readString(cfg, StandardCharsets.UTF_8));
            if (!e.isJsonObject()) {
                throw new RuotException(cfg + ": expected a JSON object (file truncated or not a ruot4j model)");
            }
            o = e.getAsJsonObject();
        } catch (IOException e) {
            throw new RuotException(cfg + ": cannot read: " + e.getMessage(), e);
        } catch (JsonParseException e) {
            throw new RuotException(cfg + ": not valid JSON (truncated or corrupted checkpoint)");
        }
        try {
            if (!o.has("format") || !o.get("format").isJsonPrimitive() || !FORMAT.equals(o.get("format").getAsString())) {
                throw new RuotException(cfg + ": field 'format' is not '" + FORMAT + "' (not a ruot4j model)");
            }
            int version = o.has("version") ? o.get("version").getAsInt() : -1;
            if (version < OLDEST_READABLE || version > VERSION) {
                throw new RuotException(cfg + ": checkpoint version " + version + " is not supported (this build reads "
                        + "versions " + OLDEST_READABLE + " to " + VERSION + "); refit the model with this version");
            }
            if (version >= 2) { // version 1 had no checksum file: read as before
                ModelChecksums.verify(dir, CHECKSUMS);
            }
            TrainingConfig config = new TrainingConfig();
            try {
                if (o.has("preset")) {
                    config.applyPreset(o.get("preset").getAsString());
                }
                for (Map.Entry<String, JsonElement> e : o.getAsJsonObject("config").entrySet()) {
                    config.set(e.getKey(), e.getValue().getAsString());
                }
            } catch (RuotException e) {
                throw new RuotException(cfg + ": " + oneLine(e.getMessage()));
            }
            int dim = o.get("dim").getAsInt();
            List<String> features = new ArrayList<>();
            for (JsonElement f : o.getAsJsonArray("features")) {
                features.add(f.getAsString());
            }
            if (features.size() != dim) {
                throw new RuotException(cfg + ": 'features' has " + features.size() + " names but 'dim' is " + dim);
            }
            DataInfo info = new DataInfo(o.has("source") ? o.get("source").getAsString() : "data", features,
                    doubles(o.getAsJsonArray("times")), doubles(o.getAsJsonArray("relative_mass")));
            double scoreOffset = o.get("score_offset").getAsDouble();
            RuotModel.Spec spec;
            UnitFrame frame = null;
            try {
                spec = modelSpec(config, dim);
                if (o.has("frame")) {
                    JsonObject f = o.getAsJsonObject("frame");
                    frame = new UnitFrame(doubles(f.getAsJsonArray("center")), f.get("scale").getAsDouble(),
                            f.get("t0").getAsDouble(), f.get("time_scale").getAsDouble());
                    if (frame.dim() != dim) {
                        throw new RuotException("'frame' has " + frame.dim() + " centre values but 'dim' is " + dim);
                    }
                    spec = frame.toTraining(spec);
                }
            } catch (RuotException e) {
                throw new RuotException(cfg + ": " + oneLine(e.getMessage()));
            }
            ParameterStore store = ParameterStore.load(dir.resolve("parameters.bin"), device, DataType.FLOAT32);
            try {
                RuotModel model;
                try {
                    requireShapes(spec, store);
                    model = new RuotModel(spec, store, config.seed());
                } catch (RuotException e) {
                    throw new RuotException(dir.resolve("parameters.bin") + ": parameters do not match config.json: "
                            + oneLine(e.getMessage()));
                }
                model.setScoreOffset(scoreOffset);
                Path hist = dir.resolve("history.csv");
                TrainingHistory history = Files.exists(hist) ? TrainingHistory.readCsv(hist) : new TrainingHistory();
                return new Loaded(model, config, history, info, frame);
            } catch (RuntimeException e) {
                store.close(); // the native parameters of a checkpoint that failed to load
                throw e;
            }
        } catch (NullPointerException | IllegalStateException | ClassCastException | NumberFormatException
                | UnsupportedOperationException | ArithmeticException e) {
            // gson reports a missing field as NullPointerException, a field of the wrong JSON type as
            // IllegalStateException / UnsupportedOperationException (JSON null) / NumberFormatException
            throw new RuotException(cfg + ": a required field is missing or malformed (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + oneLine(e.getMessage())) + ")");
        }
    }

    /**
     * Checks that {@code store} holds every parameter the model {@code spec} describes, with its shape, before
     * the networks are built: their constructors allocate initial values of the configured size, which a
     * damaged config.json could make enormous.
     */
    private static void requireShapes(RuotModel.Spec spec, ParameterStore store) {
        int in = spec.dim() + 1;
        requireShapes("v", new MlpSpec(in, spec.width(), spec.depth(), spec.dim(), spec.activation()), store);
        if (spec.growth()) {
            requireShapes("g", new MlpSpec(in, spec.growthWidth(), spec.growthDepth(), 1, spec.activation()), store);
        }
        if (spec.noise()) {
            requireShapes("s", new MlpSpec(in, spec.scoreWidth(), spec.scoreDepth(), 1, spec.activation()), store);
        }
    }

    private static void requireShapes(String net, MlpSpec spec, ParameterStore store) {
        int layers = spec.linearLayers();
        for (int l = 0; l < layers; l++) {
            long in = l == 0 ? spec.inputDim() : spec.width();
            long out = l == layers - 1 ? spec.outputDim() : spec.width();
            String w = Mlp.weightName(net, l);
            String b = Mlp.biasName(net, l);
            if (!store.contains(w) || !store.get(w).getShape().equals(new Shape(out, in))
                    || !store.contains(b) || !store.get(b).getShape().equals(new Shape(out))) {
                throw new RuotException("parameter '" + w + "' or '" + b + "' is missing or not of shape (" + out
                        + ", " + in + ") / (" + out + ")");
            }
        }
    }

    /** The first line of a message, so an error quoting a damaged value stays one line. */
    private static String oneLine(String m) {
        return m == null ? "" : m.replaceAll("[\\r\\n\\u2028\\u2029]+", " ");
    }

    private static double[] doubles(JsonArray a) {
        double[] d = new double[a.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = a.get(i).getAsDouble();
        }
        return d;
    }

    /** The model shape a configuration describes, for data of dimension {@code dim}. */
    public static RuotModel.Spec modelSpec(TrainingConfig c, int dim) {
        return new RuotModel.Spec(dim, c.sigma(), c.getBool("growth"), c.getBool("noise"), c.getDouble("alpha"),
                c.getInt("width"), c.getInt("depth"), c.getInt("growth_width"), c.getInt("growth_depth"),
                c.getInt("score_width"), c.getInt("score_depth"), RuotModel.activation(c.get("activation")));
    }
}
