package org.ruot4j.cli;

import java.util.List;
import java.util.Map;
import org.ruot4j.data.ReadOptions;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * How a command reads its data — {@code --data} with {@code --time-column}, {@code --features},
 * {@code --embedding} and {@code --time-map} — mixed into every command that reads data (info, fit, evaluate,
 * simulate), so each of them takes the same options.
 */
final class DataOptions {
    // not required by picocli because `fit --resume DIR` takes its data from DIR/fit.json and `simulate` may use the
    // source recorded in the model; see data(spec)
    @Option(names = "--data", paramLabel = "PATH|NAME",
            description = "Data file (.csv, .tsv, .h5ad) or dataset name (see `ruot4j datasets list`).")
    String data;

    @Option(names = "--time-column", paramLabel = "NAME", defaultValue = ReadOptions.DEFAULT_TIME_COLUMN,
            description = "Column (or AnnData obs column) holding the time of each cell (default: ${DEFAULT-VALUE}).")
    String timeColumn;

    @Option(names = "--features", split = ",", paramLabel = "A,B,…", hideParamSyntax = true,
            description = "Feature columns to use (default: every other column; for .h5ad every variable).")
    List<String> features;

    @Option(names = "--embedding", paramLabel = "KEY",
            description = ".h5ad only: read obsm/KEY (e.g. X_pca) instead of X.")
    String embedding;

    @Option(names = "--time-map", split = ",", paramLabel = "LABEL=TIME", hideParamSyntax = true,
            description = "Times of the time-column labels, e.g. day0=0,day2=2 (default: numbers, and labels of one "
                    + "number such as day2, D3, t0.5).")
    Map<String, Double> timeMap;

    /** The {@code --data} value; a usage error when it was not given. */
    String data(CommandSpec spec) {
        if (data == null) {
            throw new ParameterException(spec.commandLine(), "Missing required option: '--data=PATH|NAME'");
        }
        return data;
    }

    /** The read options these flags ask for. */
    ReadOptions readOptions() {
        return ReadOptions.defaults().withTimeColumn(timeColumn).withFeatures(features).withEmbedding(embedding)
                .withTimeMap(timeMap);
    }
}
