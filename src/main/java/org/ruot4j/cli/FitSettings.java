package org.ruot4j.cli;

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
import org.ruot4j.RuotException;
import org.ruot4j.Session;
import org.ruot4j.data.ReadOptions;

/**
 * What a {@code fit} was asked to do, saved as {@code DIR/fit.json} before it trains, so that
 * {@code fit --resume DIR} can rebuild the same session: the data (a file's absolute path, or a dataset name), its
 * read options, the held-out time and the complete training configuration.
 */
record FitSettings(String data, String timeColumn, List<String> features, Integer holdOut, String preset,
        Map<String, String> config, Map<String, String> auto) {
    static final String FILE = "fit.json";
    private static final String FORMAT = "ruot4j-fit";
    private static final int VERSION = 1;
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    /** The settings of a configured session about to fit {@code data}. */
    static FitSettings of(Session s, String data, DataOptions input, Integer holdOut) {
        Path p = Path.of(data);
        String where = Files.exists(p) ? p.toAbsolutePath().normalize().toString() : data;
        org.ruot4j.train.AutoSettings.Derived derived = s.autoSettings();
        return new FitSettings(where, input.timeColumn, input.features, holdOut, s.config().presetName(),
                new LinkedHashMap<>(s.config().asMap()), derived == null ? null : derived.asMap());
    }

    /** Writes {@code dir/fit.json} atomically. */
    void write(Path dir) {
        JsonObject o = new JsonObject();
        o.addProperty("format", FORMAT);
        o.addProperty("version", VERSION);
        o.addProperty("data", data);
        o.addProperty("time_column", timeColumn);
        o.add("features", features == null ? null : GSON.toJsonTree(features));
        if (holdOut != null) {
            o.addProperty("hold_out", holdOut);
        }
        o.addProperty("preset", preset);
        o.add("config", GSON.toJsonTree(config));
        if (auto != null) {
            o.add("auto", GSON.toJsonTree(auto)); // what the auto preset derived from the data (also inside config)
        }
        Path file = dir.resolve(FILE);
        org.ruot4j.AtomicFiles.writeString(file, GSON.toJson(o));
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
            List<String> features = null;
            if (o.has("features") && o.get("features").isJsonArray()) {
                features = new ArrayList<>();
                for (JsonElement f : o.getAsJsonArray("features")) {
                    features.add(f.getAsString());
                }
            }
            Map<String, String> config = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> c : o.getAsJsonObject("config").entrySet()) {
                config.put(c.getKey(), c.getValue().getAsString());
            }
            return new FitSettings(o.get("data").getAsString(), o.get("time_column").getAsString(), features,
                    o.has("hold_out") ? o.get("hold_out").getAsInt() : null, o.get("preset").getAsString(), config,
                    null);
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
        s.load(data, ReadOptions.defaults().withTimeColumn(timeColumn).withFeatures(features));
        if (holdOut != null) {
            s.holdOut(holdOut);
        }
    }
}
