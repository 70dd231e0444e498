package org.ruot4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import org.ruot4j.RuotException;
import org.ruot4j.Session;
import org.ruot4j.analysis.CellExport;
import org.ruot4j.data.CellNames;
import org.ruot4j.data.DataSources;
import org.ruot4j.data.Snapshots;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ruot4j export}: per-cell results of a saved model as an AnnData .h5ad file (see {@link CellExport}). */
@Command(name = "export", mixinStandardHelpOptions = true, customSynopsis = {
        "ruot4j export --model=DIR --data=PATH|NAME [--time-column=NAME]",
        "                     [--features=NAME[,NAME...]] [--embedding=KEY]",
        "                     [--time-map=LABEL=TIME[,...]] [--fates=K] [--paths=R]",
        "                     [--seed=N] --out=RESULT.h5ad"},
        description = "Write a model's per-cell results on the data as AnnData (.h5ad): time, growth, fate "
                + "probabilities (obs); velocity, drift, coordinates (obsm); settings and metrics (uns).")
final class ExportCommand extends CliCommand {
    @Mixin
    ModelOption model;

    @Mixin
    DataOptions input;

    @Option(names = "--out", required = true, paramLabel = "RESULT.h5ad", description = "The AnnData file to write.")
    Path out;

    @Option(names = "--fates", paramLabel = "K", defaultValue = "2",
            description = "k-means fates of the last-time cells (0: no fate probabilities; default: ${DEFAULT-VALUE}).")
    int fates;

    @Option(names = "--paths", paramLabel = "R", defaultValue = "20",
            description = "SDE paths per cell for the fate probabilities (default: ${DEFAULT-VALUE}).")
    int paths;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "Seed of the fate clusters and paths (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        if (!out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".h5ad")) {
            throw new RuotException("--out: expected a file name ending in .h5ad, got '" + out + "'");
        }
        CellExport.Options o = new CellExport.Options(fates, paths, 0.02, seed);
        Snapshots s = DataSources.load(input.data(spec), input.readOptions());
        PrintWriter pw = out();
        try (Session session = Session.create()) {
            session.restore(model.dir());
            session.load(s);
            if (o.fates() >= 2) { // the fate paths take most of the time: say what is running
                PrintWriter err = err();
                err.println("export: metrics, then fate probabilities (" + o.fates() + " fates, " + o.pathsPerCell()
                        + " SDE paths from each of the " + (s.totalCount() - s.count(s.numTimes() - 1))
                        + " cells before the last time; --paths or --fates 0 for less)");
                err.flush();
            }
            CellExport.Cells c = CellExport.write(out, session.model(), s, session.config(), session.evaluate(),
                    CellNames.of(s, input.timeColumn), o);
            pw.println("wrote " + out + ": " + c.time().length + " cells x " + s.dim() + " features"
                    + (c.fates().isEmpty() ? "" : ", " + c.fates().size() + " fates"));
        }
        pw.flush();
        return 0;
    }
}
