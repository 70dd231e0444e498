package org.ruot4j.train;

import ai.djl.Device;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.ruot4j.RuotException;
import org.ruot4j.dynamics.RuotModel;
import org.ruot4j.dynamics.UnitFrame;

/**
 * The resumable checkpoints of one fit, in a directory of numbered model directories {@code ckpt-000001/},
 * {@code ckpt-000002/}, … Each is a complete {@link Checkpoint} (config, parameters, history) plus
 * {@code resume.json} (completed stages, seconds per stage, and where the running phase stands),
 * {@code optimizer.bin} and {@code best.bin} (the best parameters of the phase so far).
 *
 * <p>Crash safety: a checkpoint is written into a temporary directory that is renamed to its numbered name only when
 * complete, and the previous one is deleted only after that rename; so whenever the process dies — SIGKILL
 * included — the highest-numbered {@code ckpt-*} directory is complete.
 */
public final class FitCheckpoints {
    static final String RESUME_FILE = "resume.json";
    private static final String FORMAT = "ruot4j-resume";
    private static final Pattern NAME = Pattern.compile("ckpt-(\\d{6,})");
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
            .create();

    private final Path dir;

    /** A checkpoint read back: the model with its config and history, and where to go on from. */
    public record Resumed(Path dir, Checkpoint.Loaded loaded, List<String> completedStages,
            Map<String, Double> stageSeconds, EpochState state) {
    }

    public FitCheckpoints(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    public Path dir() {
        return dir;
    }

    /**
     * Writes the next checkpoint.
     *
     * @param model the model being trained, in the units it trains in
     * @param frame the map from those units to the data's (null: the model is in the data's units)
     * @param state the running phase at an epoch boundary, or null at a stage boundary
     */
    public void write(RuotModel model, UnitFrame frame, TrainingConfig config, TrainingHistory history,
            Checkpoint.DataInfo info, List<String> completedStages, Map<String, Double> stageSeconds, EpochState state) {
        long seq = latestNumber() + 1;
        Path target = dir.resolve(String.format("ckpt-%06d", seq));
        JsonObject o = new JsonObject();
        o.addProperty("format", FORMAT);
        o.addProperty("version", Checkpoint.VERSION);
        o.add("completed_stages", GSON.toJsonTree(completedStages));
        o.add("stage_seconds", GSON.toJsonTree(stageSeconds));
        if (state != null) {
            JsonObject p = new JsonObject();
            p.addProperty("phase", state.phase());
            p.addProperty("epoch", state.epoch());
            p.addProperty("phase_seconds", state.phaseSeconds());
            p.addProperty("best_value", state.bestValue());
            p.addProperty("best_offset", state.bestOffset());
            o.add("running", p);
        }
        Checkpoint.save(target, model, frame, config, history, info, state == null ? null : state.optimizer(),
                state == null ? null : state.params(), tmp -> {
                    if (state != null && state.bestState() != null) {
                        model.store().saveSnapshot(tmp.resolve("best.bin"), state.bestState());
                    }
                    Files.writeString(tmp.resolve(RESUME_FILE), GSON.toJson(o), StandardCharsets.UTF_8);
                });
        // the new one is complete: older ones (and temporaries of a write that died) can go
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                Matcher m = NAME.matcher(n);
                boolean older = m.matches() && Long.parseLong(m.group(1)) < seq;
                if (older || n.startsWith(".ckpt-")) {
                    Checkpoint.deleteTree(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot tidy the checkpoints in " + dir, e);
        }
    }

    private long latestNumber() {
        return numbers().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    private List<Long> numbers() {
        List<Long> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                Matcher m = NAME.matcher(p.getFileName().toString());
                if (m.matches() && Files.isRegularFile(p.resolve(RESUME_FILE))) {
                    out.add(Long.parseLong(m.group(1)));
                }
            }
        } catch (IOException e) {
            throw new RuotException(dir + ": cannot list the checkpoints: " + e.getMessage());
        }
        return out;
    }

    /** True when at least one complete checkpoint exists. */
    public boolean exists() {
        return !numbers().isEmpty();
    }

    /**
     * Reads the latest complete checkpoint onto {@code device}, or empty when there is none.
     *
     * @throws RuotException naming the file when the checkpoint is damaged
     */
    public Optional<Resumed> latest(Device device) {
        long seq = latestNumber();
        if (seq == 0) {
            return Optional.empty();
        }
        Path ck = dir.resolve(String.format("ckpt-%06d", seq));
        Path rf = ck.resolve(RESUME_FILE);
        JsonObject o;
        try {
            JsonElement e = JsonParser.parseString(Files.readString(rf, StandardCharsets.UTF_8));
            if (!e.isJsonObject() || !e.getAsJsonObject().has("format")
                    || !FORMAT.equals(e.getAsJsonObject().get("format").getAsString())) {
                throw new RuotException(rf + ": not a ruot4j resume file (field 'format' is not '" + FORMAT + "')");
            }
            o = e.getAsJsonObject();
        } catch (IOException e) {
            throw new RuotException(rf + ": cannot read: " + e.getMessage());
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException e) {
            throw new RuotException(rf + ": not valid JSON (damaged checkpoint)");
        }
        Checkpoint.Loaded loaded = Checkpoint.load(ck, device);
        try {
            List<String> stages = new ArrayList<>();
            for (JsonElement s : o.getAsJsonArray("completed_stages")) {
                stages.add(s.getAsString());
            }
            Map<String, Double> seconds = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> s : o.getAsJsonObject("stage_seconds").entrySet()) {
                seconds.put(s.getKey(), s.getValue().getAsDouble());
            }
            EpochState state = null;
            if (o.has("running")) {
                JsonObject p = o.getAsJsonObject("running");
                String phase = p.get("phase").getAsString();
                Path best = ck.resolve("best.bin");
                state = EpochState.resumeFrom(phase, p.get("epoch").getAsInt(), p.get("phase_seconds").getAsDouble(),
                        p.get("best_value").getAsDouble(), p.get("best_offset").getAsDouble(),
                        Files.exists(best) ? loaded.model().store().loadSnapshot(best) : null,
                        ck.resolve("optimizer.bin"));
                if (!phase.equals("score") && state.bestState() == null) {
                    throw new RuotException(ck + ": best.bin is missing for phase '" + phase + "'");
                }
            }
            return Optional.of(new Resumed(ck, loaded, stages, seconds, state));
        } catch (NullPointerException | ClassCastException | NumberFormatException | IllegalStateException
                | UnsupportedOperationException e) {
            loaded.model().close();
            throw new RuotException(rf + ": a required field is missing or malformed (" + e.getClass().getSimpleName()
                    + ")");
        } catch (RuntimeException e) {
            loaded.model().close();
            throw e;
        }
    }

    /** Deletes every checkpoint (after the fit's final outputs are written). */
    public void deleteAll() {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Checkpoint.deleteTree(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
