package org.ruot4j;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ruot4j.data.ReadOptions;

/**
 * What a fit was asked to do, saved as {@code DIR/fit.json} before it trains, so that {@code fit --resume DIR} can
 * rebuild the same session: the data (a file's absolute path, or a dataset name), its read options, the held-out
 * time and the complete training configuration. Optional fields ({@code hold_out}, {@code embedding}, {@code time_map},
 * {@code relative_masses}) are written only when set.
 */
record FitSettings(String data, ReadOptions read, Integer holdOut, String preset, Map<String, String> config) {
    static final String FILE = "fit.json";
    private static final String FORMAT = "ruot4j-fit";
    private static final int VERSION = 1;
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    /** The settings of a configured session whose data came from {@code origin} (a path or a dataset name). */
    static FitSettings of(Session s, String origin, ReadOptions read, Integer holdOut) {
        Path p = Path.of(origin);
        String where = Files.exists(p) ? p.toAbsolutePath().normalize().toString() : origin;
        return new FitSettings(where, read, holdOut, s.config().presetName(), new LinkedHashMap<>(s.config().asMap()));
    }

    /** Writes {@code dir/fit.json} atomically. */
    void write(Path dir) {
        JsonObject o = new JsonObject();
        o.addProperty("format", FORMAT);
        o.addProperty("version", VERSION);
        o.addProperty("data", data);
        o.addProperty("time_column", read.timeColumn());
        o.add("features", read.features() == null ? null : GSON.toJsonTree(read.features()));
        if (read.embedding() != null) {
            o.addProperty("embedding", read.embedding());
        }
        if (read.relativeMasses() != null) {
            o.add("relative_masses", GSON.toJsonTree(read.relativeMasses()));
        }
        if (read.timeMap() != null) {
            o.add("time_map", GSON.toJsonTree(read.timeMap()));
        }
        if (holdOut != null) {
            o.addProperty("hold_out", holdOut);
        }
        o.addProperty("preset", preset);
        o.add("config", GSON.toJsonTree(config));
        AtomicFiles.writeString(dir.resolve(FILE), GSON.toJson(o));
    }

    /**
     * Reads {@code dir/fit.json}.
     *
     * @throws RuotException naming the file when it is missing or damaged
     */
    static FitSettings read(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new RuotException(file + ": not found — " + dir + " is not the output directory of a fit started by "
                    + "this version (nothing to resume)");
        }
        try {
            JsonElement e = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
            if (!e.isJsonObject()) {
                throw new RuotException(file + ": expected a JSON object");
            }
            JsonObject o = e.getAsJsonObject();
            if (!o.has("format") || !FORMAT.equals(o.get("format").getAsString())) {
                throw new RuotException(file + ": field 'format' is not '" + FORMAT + "'");
            }
            if (o.get("version").getAsInt() != VERSION) {
                throw new RuotException(file + ": version " + o.get("version").getAsInt() + " is not supported (this "
                        + "build reads version " + VERSION + ")");
            }
            ReadOptions read = ReadOptions.defaults().withTimeColumn(o.get("time_column").getAsString());
            if (o.has("features") && o.get("features").isJsonArray()) {
                List<String> features = new ArrayList<>();
                for (JsonElement f : o.getAsJsonArray("features")) {
                    features.add(f.getAsString());
                }
                read = read.withFeatures(features);
            }
            if (o.has("embedding")) {
                read = read.withEmbedding(o.get("embedding").getAsString());
            }
            if (o.has("time_map") && o.get("time_map").isJsonObject()) {
                Map<String, Double> timeMap = new LinkedHashMap<>();
                for (Map.Entry<String, JsonElement> c : o.getAsJsonObject("time_map").entrySet()) {
                    timeMap.put(c.getKey(), c.getValue().getAsDouble());
                }
                read = read.withTimeMap(timeMap);
            }
            if (o.has("relative_masses")) {
                read = read.withRelativeMasses(GSON.fromJson(o.get("relative_masses"), double[].class));
            }
            Map<String, String> config = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> c : o.getAsJsonObject("config").entrySet()) {
                config.put(c.getKey(), c.getValue().getAsString());
            }
            return new FitSettings(o.get("data").getAsString(), read,
                    o.has("hold_out") ? o.get("hold_out").getAsInt() : null, o.get("preset").getAsString(), config);
        } catch (IOException ex) {
            throw new RuotException(file + ": cannot read: " + ex.getMessage());
        } catch (JsonParseException | NullPointerException | IllegalStateException | ClassCastException
                | UnsupportedOperationException | NumberFormatException ex) {
            throw new RuotException(file + ": a required field is missing or malformed (" + ex.getClass().getSimpleName()
                    + ")");
        }
    }

    /** Configures {@code s} as these settings say and loads the data. */
    void applyTo(Session s) {
        s.preset(preset);
        for (Map.Entry<String, String> c : config.entrySet()) {
            try {
                s.config().set(c.getKey(), c.getValue());
            } catch (RuotException e) {
                throw new RuotException(FILE + ": " + e.getMessage());
            }
        }
        loadDataInto(s);
    }

    /** Loads the fit's data (and its held-out time) into {@code s}, leaving the configuration alone. */
    void loadDataInto(Session s) {
        s.load(data, read);
        if (holdOut != null) {
            s.holdOut(holdOut);
        }
    }
}
