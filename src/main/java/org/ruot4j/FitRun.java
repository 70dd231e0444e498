package org.ruot4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.ruot4j.analysis.Report;
import org.ruot4j.data.synthetic.GroundTruth;
import org.ruot4j.train.FitCheckpoints;
import org.ruot4j.train.MetricsReport;
import org.ruot4j.train.OutputLock;
import org.ruot4j.train.ProgressListener;
import org.ruot4j.train.TrainingDivergedException;

/**
 * A fit into an output directory: the one code path behind {@code ruot4j fit}, {@code ruot4j quickstart},
 * {@code %ruot fit --out DIR} and {@link Session#fitInto}. It runs all three stages of a configured session with
 * data and writes the product of DESIGN.md §5.1 into DIR:
 *
 * <pre>
 * DIR/.ruot4j.lock     one fit at a time (OutputLock)
 * DIR/fit.json         the settings, written before training (when the data came from a file or dataset name)
 * DIR/checkpoints/     resumable checkpoints while it trains (deleted when the fit completes)
 * DIR/model/           the fitted model (Session.save)          DIR/metrics.json   Session.evaluate()
 * DIR/history.csv      every loss term per epoch and stage       DIR/report.html, DIR/plots/*.png (Report)
 * </pre>
 *
 * <p>A directory holding a finished fit is refused unless {@link #force}; a forced fit keeps the old results
 * until it completes, then swaps its own in (see {@link FitDirectory}). A training that diverges still writes the
 * last good model and the history so far. {@link #resume} continues a stopped fit from its last checkpoint; on
 * the CPU it ends with an uninterrupted run's result. Settings are checked before DIR is created, so a fit
 * refused before it starts leaves nothing behind.
 */
public final class FitRun {
    private final Session session;
    private final Path out;
    private boolean force;
    private GroundTruth truth;
    private Consumer<String> notes = s -> { };

    private FitRun(Session session, Path out) {
        this.session = session;
        this.out = out;
    }

    /** A fit of {@code session} (configured, with data loaded) into {@code out}. */
    public static FitRun of(Session session, Path out) {
        return new FitRun(session, out);
    }

    /** Replace a finished fit in the directory (the old results stay until the new fit completes). */
    public FitRun force(boolean force) {
        this.force = force;
        return this;
    }

    /** The known dynamics of synthetic data: the report compares the fit with them. */
    public FitRun truth(GroundTruth truth) {
        this.truth = truth;
        return this;
    }

    /** Where one-line notes go (a stale lock taken over, resuming, starting over); default: nowhere. */
    public FitRun notes(Consumer<String> notes) {
        this.notes = notes;
        return this;
    }

    /** Runs the fit and writes its outputs; returns the metrics written to DIR/metrics.json. */
    public MetricsReport run() {
        session.requireData();
        FitSettings settings = session.fitSettings();
        FitDirectory d = new FitDirectory(out);
        refuse(d);
        try (OutputLock lock = OutputLock.acquire(out)) {
            noteTakeOver(lock);
            OutputCheck.requireWritable(out); // a full or read-only disk is found before training, not after
            d.finishSwap();
            refuse(d);
            boolean replacing = d.finished();
            d.discardStaged();
            Path target = replacing ? d.next() : out;
            new FitCheckpoints(target.resolve(FitDirectory.CHECKPOINTS)).deleteAll();
            if (settings != null) {
                settings.write(target); // without a file or dataset name behind the data, the fit is not resumable
                session.checkpointTo(target.resolve(FitDirectory.CHECKPOINTS));
            }
            try {
                MetricsReport r = fitAndWrite(session, target, truth);
                if (replacing) {
                    d.swapIn();
                }
                return r;
            } finally {
                session.stopCheckpoints();
            }
        }
    }

    private void refuse(FitDirectory d) {
        if (force) {
            return;
        }
        if (d.finished()) {
            throw new RuotException(out + " holds a finished fit (" + out.resolve(FitDirectory.METRICS) + "); give "
                    + "--force to replace it (the old results stay until the new fit completes)"
                    + (d.staged() ? ", or continue the interrupted replacing fit with --resume " + out : "")
                    + ", or choose another output directory");
        }
        if (d.unfinished()) {
            throw new RuotException(out + " holds an unfinished fit (" + out.resolve(FitSettings.FILE) + "); continue "
                    + "it with --resume " + out + ", or give --force to start over");
        }
    }

    /**
     * Continues the fit whose output directory is {@code dir} (a replacing fit that was interrupted, if any, else
     * the fit of DIR/fit.json) from its last checkpoint, with the saved settings.
     */
    public static MetricsReport resume(Path dir, Consumer<String> notes, List<ProgressListener> listeners) {
        FitDirectory d = new FitDirectory(dir);
        boolean staged = d.staged();
        Path target = staged ? d.next() : dir;
        FitSettings settings = FitSettings.read(target); // before the lock, which would create a missing DIR
        try (OutputLock lock = OutputLock.acquire(dir); Session s = Session.create()) {
            FitRun run = new FitRun(s, dir).notes(notes);
            run.noteTakeOver(lock);
            if (d.finishSwap()) {
                throw complete(dir);
            }
            settings.applyTo(s);
            listeners.forEach(s::addListener);
            Path ck = target.resolve(FitDirectory.CHECKPOINTS);
            s.checkpointTo(ck);
            if (s.resumeFrom(ck)) {
                notes.accept("resuming " + dir + " from its last checkpoint");
            } else if (!staged && FitDirectory.completedAfterSettings(dir)) {
                throw complete(dir);
            } else {
                notes.accept(dir + " has no checkpoint yet; starting the fit from the beginning");
            }
            MetricsReport r = fitAndWrite(s, target, null);
            if (staged) {
                d.swapIn();
            }
            return r;
        }
    }

    private static RuotException complete(Path dir) {
        return new RuotException(dir + ": this fit is complete (" + dir.resolve(FitDirectory.METRICS)
                + " exists); nothing to resume");
    }

    /**
     * All stages, then DIR/model, metrics.json, history.csv and the report; the checkpoints go once those are
     * written. A diverging training writes the last good model and the history before the error is reported; an
     * interrupted one ({@link Session#cancel()}) writes nothing and keeps its checkpoints.
     */
    private static MetricsReport fitAndWrite(Session s, Path out, GroundTruth truth) {
        try {
            s.fit();
        } catch (TrainingDivergedException e) {
            s.save(out.resolve(FitDirectory.MODEL));
            s.history().writeCsv(out.resolve(FitDirectory.HISTORY));
            throw new RuotException(e.getMessage() + "; the last good model and the history were written to "
                    + out.resolve(FitDirectory.MODEL) + " and " + out.resolve(FitDirectory.HISTORY));
        }
        if (s.wasCancelled()) {
            throw new RuotException("fit interrupted; nothing was written to " + out
                    + (Files.isDirectory(out.resolve(FitDirectory.CHECKPOINTS)) ? " but its checkpoints: continue "
                            + "with --resume " + out : ""));
        }
        MetricsReport r = s.evaluate();
        s.save(out.resolve(FitDirectory.MODEL));
        r.write(out.resolve(FitDirectory.METRICS));
        s.history().writeCsv(out.resolve(FitDirectory.HISTORY));
        Report.write(s, r, out, truth); // report.html and plots/*.png
        new FitCheckpoints(out.resolve(FitDirectory.CHECKPOINTS)).deleteAll();
        return r;
    }

    private void noteTakeOver(OutputLock lock) {
        if (lock.tookOverFrom() != null) {
            notes.accept("note: took over the stale lock of a fit that ended without releasing it ("
                    + lock.tookOverFrom() + ")");
        }
    }
}
