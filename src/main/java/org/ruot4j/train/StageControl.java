package org.ruot4j.train;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ruot4j.nn.Optimizer;

/**
 * What every stage reports and obeys, apart from its numerics: the history rows and progress events it emits, the
 * cancel flag it checks at step boundaries, the checkpoints it hands out and the state it resumes from.
 */
final class StageControl {
    private final TrainingHistory history = new TrainingHistory();
    private final List<ProgressListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean cancel = new AtomicBoolean();
    private boolean cancelled;
    private EpochState.Sink checkpointSink;
    private int checkpointEvery;
    /** A state to continue from, taken by the first phase of that name that runs. */
    private EpochState pendingResume;

    TrainingHistory history() {
        return history;
    }

    void addListener(ProgressListener l) {
        listeners.add(l);
    }

    void removeListener(ProgressListener l) {
        listeners.remove(l);
    }

    void checkpointTo(EpochState.Sink sink, int every) {
        this.checkpointSink = sink;
        this.checkpointEvery = every;
    }

    int checkpointEvery() {
        return checkpointEvery;
    }

    void resumeFrom(EpochState state) {
        this.pendingResume = state;
    }

    /** True when a pending resume continues {@code stage}. */
    boolean resumes(Stage stage) {
        return pendingResume != null && pendingResume.phase().equals(stage.label());
    }

    /**
     * The pending state to continue {@code stage} from, with its optimizer state loaded into {@code opt}; null when
     * the stage starts afresh.
     */
    EpochState takeResume(Stage stage, Optimizer opt, List<NDArray> params) {
        EpochState r = pendingResume;
        if (resumes(stage)) {
            pendingResume = null;
            opt.loadState(r.optimizerFile(), params);
            return r;
        }
        return null;
    }

    /** Hands the state after {@code epoch} to the sink when checkpoints are on and the epoch is one of theirs. */
    void checkpoint(Stage stage, int epoch, long start, double bestValue, double bestOffset,
            Map<String, float[]> bestState, Optimizer opt, List<NDArray> params, TrainingHistory stageRows) {
        if (checkpointSink != null && checkpointEvery > 0 && epoch % checkpointEvery == 0) {
            checkpointSink.save(new EpochState(stage.label(), epoch, (System.nanoTime() - start) / 1e9, bestValue,
                    bestOffset, bestState, opt, params, null, stageRows));
        }
    }

    void cancel() {
        cancel.set(true);
    }

    boolean wasCancelled() {
        return cancelled;
    }

    /** Clears the cancel request and flag when a stage starts. */
    void beginStage() {
        cancel.set(false);
        cancelled = false;
    }

    /** True (and the stage counts as cancelled) after {@link #cancel()} or an interrupt. */
    boolean shouldStop() {
        if (cancel.get() || Thread.currentThread().isInterrupted()) {
            cancelled = true;
            return true;
        }
        return false;
    }

    /** Adds the row of a completed epoch to the history and the stage's rows, and tells the listeners. */
    void record(Stage stage, int epoch, int total, Map<String, Double> terms, long start, TrainingHistory stageRows) {
        TrainingHistory.Row row = new TrainingHistory.Row(stage.label(), epoch, (System.nanoTime() - start) / 1e9,
                terms);
        history.add(row);
        stageRows.add(row);
        emit(stage, epoch, total, terms, start);
    }

    /**
     * Tells the listeners that interval {@code done} of {@code intervals} of epoch {@code epoch} is done (a partial
     * {@link ProgressEvent}; none after the last interval, whose epoch event follows), so progress shows inside an
     * epoch.
     */
    void interval(Stage stage, int epoch, int total, int done, int intervals, Map<String, Double> terms, long start) {
        if (done >= intervals || listeners.isEmpty()) {
            return;
        }
        double el = (System.nanoTime() - start) / 1e9;
        double progress = epoch - 1 + (double) done / intervals;
        ProgressEvent ev = new ProgressEvent(stage.label(), epoch - 1, total, Map.copyOf(terms), el,
                el / progress * (total - progress), done, intervals);
        for (ProgressListener l : listeners) {
            l.onProgress(ev);
        }
    }

    /** Reports a stage stopped before {@code epoch} completed. */
    void finishCancelled(Stage stage, int epoch, long start) {
        cancelled = true;
        emit(stage, epoch - 1, Math.max(epoch - 1, 0), Map.of("cancelled", 1.0), start);
    }

    private void emit(Stage stage, int epoch, int total, Map<String, Double> losses, long startNanos) {
        double el = (System.nanoTime() - startNanos) / 1e9;
        double eta = epoch > 0 ? el / epoch * (total - epoch) : Double.NaN;
        ProgressEvent ev = new ProgressEvent(stage.label(), epoch, total, Map.copyOf(losses), el, eta);
        for (ProgressListener l : listeners) {
            l.onProgress(ev);
        }
    }
}
