package org.ruot4j.data;

import java.nio.file.Files;
import java.nio.file.Path;
import org.ruot4j.RuotException;

/**
 * One entry point for "a data path or a dataset name", used by every command: an existing file is read as
 * such; otherwise a name the {@link DatasetRegistry} knows is read from the verified cache (never downloaded
 * here — that is {@code ruot4j datasets fetch}).
 */
public final class DataSources {
    private DataSources() {
    }

    /** Loads {@code pathOrName} with the standard registry (cache from {@link DatasetRegistry#defaultCacheDir()}). */
    public static Snapshots load(String pathOrName, ReadOptions options) {
        return load(pathOrName, options, DatasetRegistry.standard());
    }

    /** Loads {@code pathOrName}: a file if one exists there, else a dataset of {@code registry}. */
    public static Snapshots load(String pathOrName, ReadOptions options, DatasetRegistry registry) {
        if (pathOrName == null || pathOrName.isBlank()) {
            throw new RuotException("no data given: expected a file (.csv, .tsv, .h5ad) or a dataset name");
        }
        Path p = Path.of(pathOrName);
        if (Files.exists(p)) {
            return SnapshotReaders.read(p, options);
        }
        if (registry.find(pathOrName).isPresent()) {
            return SnapshotReaders.read(registry.resolve(pathOrName), options).withSource(pathOrName);
        }
        if (pathOrName.contains("/") || pathOrName.contains(".")) {
            throw new RuotException(pathOrName + ": no such file");
        }
        throw new RuotException(pathOrName + ": no such file and no dataset of that name; known datasets: "
                + String.join(", ", registry.datasets().stream().map(Dataset::name).toList()));
    }
}
