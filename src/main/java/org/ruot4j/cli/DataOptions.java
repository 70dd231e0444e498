package org.ruot4j.cli;

import java.util.List;
import org.ruot4j.data.ReadOptions;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The required {@code --data} with {@code --time-column} and {@code --features}, mixed into fit and evaluate. */
final class DataOptions {
    // not required by picocli because `fit --resume DIR` takes its data from DIR/fit.json; see data(spec)
    @Option(names = "--data", paramLabel = "PATH|NAME", description = "Data file or dataset name (required).")
    String data;

    @Option(names = "--time-column", paramLabel = "NAME", defaultValue = ReadOptions.DEFAULT_TIME_COLUMN,
            description = "Time column (default: ${DEFAULT-VALUE}).")
    String timeColumn;

    @Option(names = "--features", split = ",", splitSynopsisLabel = ",", paramLabel = "NAME",
            description = "Feature columns to use, comma-separated.")
    List<String> features;

    /** The {@code --data} value; a usage error when it was not given. */
    String data(CommandSpec spec) {
        if (data == null) {
            throw new ParameterException(spec.commandLine(), "Missing required option: '--data=PATH|NAME'");
        }
        return data;
    }

    /** The read options these flags ask for. */
    ReadOptions readOptions() {
        return ReadOptions.defaults().withTimeColumn(timeColumn).withFeatures(features);
    }
}
