package org.ruot4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The output directory of a fit (DESIGN.md §5.1) and its states: empty, unfinished ({@code fit.json} without a
 * {@code metrics.json} written after it), finished, and — while a {@code --force} fit replaces a finished one —
 * a staging area {@code DIR/.ruot4j-next/} where the new fit keeps its settings, checkpoints and outputs until it
 * completes. Only then are its entries swapped in, one rename each: a marker {@code .complete} written into the
 * staging area first makes the swap roll-forward, so a swap interrupted midway is completed by the next fit
 * command on DIR, and an interrupted replacing fit leaves the old results as they were.
 */
final class FitDirectory {
    static final String MODEL = "model";
    static final String METRICS = "metrics.json";
    static final String HISTORY = "history.csv";
    static final String CHECKPOINTS = "checkpoints";
    static final String NEXT = ".ruot4j-next";
    private static final String OLD = ".ruot4j-old";
    private static final String COMPLETE = ".complete";
    /** The entries a fit owns in its directory; a swap replaces exactly these. */
    private static final List<String> OUTPUTS = List.of(MODEL, METRICS, HISTORY, "report.html", "plots",
            FitSettings.FILE, CHECKPOINTS);

    private final Path dir;

    FitDirectory(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    /** The staging area of a replacing fit. */
    Path next() {
        return dir.resolve(NEXT);
    }

    /** True when DIR holds the results of a completed fit. */
    boolean finished() {
        return Files.isRegularFile(dir.resolve(METRICS));
    }

    /** True when DIR holds the settings of a fit that has not completed (resumable with --resume). */
    boolean unfinished() {
        return Files.isRegularFile(dir.resolve(FitSettings.FILE)) && !completedAfterSettings(dir);
    }

    /** True when a replacing fit was interrupted before it completed (its settings are in the staging area). */
    boolean staged() {
        return Files.isRegularFile(next().resolve(FitSettings.FILE)) && !Files.exists(next().resolve(COMPLETE));
    }

    /** True when DIR/metrics.json was written after DIR/fit.json, i.e. by the fit those settings started. */
    static boolean completedAfterSettings(Path dir) {
        try {
            Path m = dir.resolve(METRICS);
            return Files.exists(m) && Files.getLastModifiedTime(m).compareTo(
                    Files.getLastModifiedTime(dir.resolve(FitSettings.FILE))) >= 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** The model directory of {@code p}: p itself when it holds config.json, else p/model when that exists. */
    static Path modelOf(Path p) {
        return Files.isRegularFile(p.resolve("config.json")) || !Files.isDirectory(p.resolve(MODEL)) ? p
                : p.resolve(MODEL);
    }

    /** Deletes the staging area of an interrupted replacing fit (a new fit starts over). */
    void discardStaged() {
        deleteTree(next());
    }

    /** Swaps the completed outputs of the staging area in (see the class comment); call with the lock held. */
    void swapIn() {
        // the marker lists what the new fit has: an old entry it lacks (say fit.json) goes too
        List<String> has = OUTPUTS.stream().filter(n -> Files.exists(next().resolve(n))).toList();
        AtomicFiles.writeString(next().resolve(COMPLETE), String.join("\n", has));
        finishSwap();
    }

    /**
     * Completes a swap that was interrupted after its marker was written; does nothing otherwise.
     *
     * @return true when a swap was completed
     */
    boolean finishSwap() {
        Path next = next();
        if (!Files.exists(next.resolve(COMPLETE))) {
            return false;
        }
        Path old = dir.resolve(OLD);
        try {
            List<String> has = Files.readString(next.resolve(COMPLETE)).lines().toList();
            Files.createDirectories(old);
            for (String name : OUTPUTS) {
                if (!has.contains(name)) {
                    deleteTree(dir.resolve(name)); // an old entry the new fit does not have
                } else if (Files.exists(next.resolve(name))) {
                    // per entry: while next/name exists, DIR/name (if any) is still the old one
                    if (Files.exists(dir.resolve(name))) {
                        deleteTree(old.resolve(name));
                        Files.move(dir.resolve(name), old.resolve(name), StandardCopyOption.ATOMIC_MOVE);
                    }
                    Files.move(next.resolve(name), dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
                }
            }
        } catch (IOException e) {
            throw new RuotException(dir + ": cannot swap in the new results from " + next + " (" + e.getMessage()
                    + "); the next fit command on this directory completes the swap");
        }
        deleteTree(old);
        deleteTree(next);
        return true;
    }

    static void deleteTree(Path p) {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        } catch (IOException e) {
            throw new RuotException(p + ": cannot delete (" + e.getMessage() + ")");
        }
    }
}
