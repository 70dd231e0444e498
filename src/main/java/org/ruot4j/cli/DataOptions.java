package org.ruot4j.cli;

import java.util.List;
import org.ruot4j.data.ReadOptions;
import picocli.CommandLine.Option;

/** The required {@code --data} with {@code --time-column} and {@code --features}, mixed into fit and evaluate. */
final class DataOptions {
    @Option(names = "--data", required = true, paramLabel = "PATH|NAME", description = "Data file or dataset name.")
    String data;

    @Option(names = "--time-column", paramLabel = "NAME", defaultValue = ReadOptions.DEFAULT_TIME_COLUMN,
            description = "Time column (default: ${DEFAULT-VALUE}).")
    String timeColumn;

    @Option(names = "--features", split = ",", paramLabel = "A,B,…", description = "Feature columns to use.")
    List<String> features;

    /** The read options these flags ask for. */
    ReadOptions readOptions() {
        return ReadOptions.defaults().withTimeColumn(timeColumn).withFeatures(features);
    }
}
