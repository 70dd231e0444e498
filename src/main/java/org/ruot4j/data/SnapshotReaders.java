package org.ruot4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.ruot4j.RuotException;

/**
 * Reads {@link Snapshots} from a file: CSV/TSV tables (the DeepRUOT layout {@code samples,x1,…,xD} or any table
 * with a named time column) and AnnData {@code .h5ad} files. The format is chosen by the extension; a file
 * without a known extension is treated as HDF5 when it starts with the HDF5 signature, else as a table whose
 * delimiter is sniffed from the header. Rows may come in any order of time.
 */
public final class SnapshotReaders {
    private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    private SnapshotReaders() {
    }

    /** Reads the snapshots in {@code path}; every problem is a one-line {@link RuotException}. */
    public static Snapshots read(Path path, ReadOptions options) {
        if (options == null) {
            options = ReadOptions.defaults();
        }
        if (!Files.exists(path)) {
            throw new RuotException(path + ": no such file");
        }
        if (Files.isDirectory(path)) {
            throw new RuotException(path + ": is a directory; expected a .csv, .tsv or .h5ad file");
        }
        if (!Files.isReadable(path)) {
            throw new RuotException(path + ": not readable (check permissions)");
        }
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean hdf5 = name.endsWith(".h5ad") || name.endsWith(".h5");
        if (!hdf5 && !name.endsWith(".csv") && !name.endsWith(".tsv") && !name.endsWith(".tab")
                && !name.endsWith(".txt")) {
            hdf5 = startsWithHdf5Signature(path);
        }
        if (hdf5) {
            try {
                if (Files.size(path) == 0) {
                    throw new RuotException(path + ": file is empty; expected an AnnData .h5ad file");
                }
            } catch (IOException e) {
                throw new RuotException(path + ": cannot read: " + e.getMessage(), e);
            }
            return H5adReader.read(path, options);
        }
        if (options.embedding() != null) {
            throw new RuotException(path + ": an embedding (obsm key '" + options.embedding()
                    + "') applies to .h5ad files only; choose feature columns with --features");
        }
        return DelimitedReader.read(path, options);
    }

    /** Reads with the default options (time column {@code samples}, all other columns as features). */
    public static Snapshots read(Path path) {
        return read(path, ReadOptions.defaults());
    }

    private static boolean startsWithHdf5Signature(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            return Arrays.equals(in.readNBytes(HDF5_SIGNATURE.length), HDF5_SIGNATURE);
        } catch (IOException e) {
            throw new RuotException(path + ": cannot read: " + e.getMessage(), e);
        }
    }
}
