package org.ruot4j.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --model DIR} option of the commands that run a saved model (evaluate, simulate, export). */
final class ModelOption {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "A model directory (DIR/model or the fit output DIR).")
    Path model;

    /** The model directory: DIR when it holds config.json, else DIR/model when DIR is a fit's output directory. */
    Path dir() {
        return model.resolve("config.json").toFile().isFile() || !model.resolve("model").toFile().isDirectory()
                ? model : model.resolve("model");
    }
}
