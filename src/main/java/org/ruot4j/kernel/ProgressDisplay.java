package org.ruot4j.kernel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.knowm.xchart.XYChart;
import org.ruot4j.plot.Figures;
import org.ruot4j.train.ProgressEvent;
import org.ruot4j.train.ProgressListener;
import org.ruot4j.train.TrainingHistory;

/**
 * The live view of a running stage: one output per stage, a loss chart with the epoch, the loss terms and
 * the time left, first sent as {@code display_data} with a display id and then replaced in place with
 * {@code update_display_data} as epochs complete.
 *
 * <p>Events arrive on the training thread after every epoch; drawing a chart costs tens of milliseconds, so
 * updates are sent at most every {@link #MIN_INTERVAL_NANOS} and always for the last epoch of a stage.
 */
final class ProgressDisplay implements ProgressListener {
    static final long MIN_INTERVAL_NANOS = 500_000_000L;

    /** Where displays go: the kernel's display stream for the current cell, if one is attached. */
    interface Sink {
        boolean attached();

        void display(DisplayData data);

        void update(DisplayData data);
    }

    private final Renderer renderer;
    private final Sink sink;
    private String stage;
    private String displayId;
    private final List<Integer> epochs = new ArrayList<>();
    private final Map<String, List<Double>> losses = new LinkedHashMap<>();
    private long lastSent;
    private int updates;

    ProgressDisplay(Renderer renderer, Sink sink) {
        this.renderer = renderer;
        this.sink = sink;
    }

    @Override
    public synchronized void onProgress(ProgressEvent e) {
        if (!sink.attached() || e.partial()) {
            // outside a cell (a background thread): nowhere to draw; inside an epoch: the chart has one point per epoch
            return;
        }
        if (e.losses().containsKey("cancelled")) {
            // The trainer's last word on an interrupted stage: mark the chart, add no point.
            if (displayId != null && e.stage().equals(stage) && !epochs.isEmpty()) {
                String status = String.format(Locale.ROOT, "%s · interrupted after epoch %d · %s elapsed", stage,
                        e.epoch(), clock(e.elapsedSeconds()));
                DisplayData data = render(status);
                data.putText(status);
                data.setDisplayId(displayId);
                sink.update(data);
                updates++;
            }
            return;
        }
        boolean first = !e.stage().equals(stage) || e.epoch() <= lastEpoch();
        if (first) {
            stage = e.stage();
            displayId = "ruot4j-progress-" + UUID.randomUUID();
            epochs.clear();
            losses.clear();
        }
        epochs.add(e.epoch());
        for (Map.Entry<String, Double> t : e.losses().entrySet()) {
            List<Double> values = losses.computeIfAbsent(t.getKey(), k -> new ArrayList<>());
            while (values.size() < epochs.size() - 1) {
                values.add(Double.NaN); // a term that appears late in the stage
            }
            values.add(t.getValue());
        }
        long now = System.nanoTime();
        boolean last = e.epoch() >= e.total();
        if (!first && !last && now - lastSent < MIN_INTERVAL_NANOS) {
            return;
        }
        lastSent = now;
        DisplayData data = render(e);
        data.setDisplayId(displayId);
        if (first) {
            sink.display(data);
        } else {
            sink.update(data);
            updates++;
        }
    }

    /** Number of in-place updates sent so far (tests check that the chart is replaced, not appended). */
    synchronized int updates() {
        return updates;
    }

    private int lastEpoch() {
        return epochs.isEmpty() ? Integer.MAX_VALUE : epochs.get(epochs.size() - 1);
    }

    private DisplayData render(ProgressEvent e) {
        String status = statusLine(e);
        DisplayData data = render(status);
        data.putText(status + "\n" + Renderers.lossesText(e.losses()));
        return data;
    }

    /** The stage's loss chart as plot.Figures draws it for report.html, titled with the status line. */
    private DisplayData render(String status) {
        TrainingHistory h = new TrainingHistory();
        boolean positive = true;
        for (int i = 0; i < epochs.size(); i++) {
            Map<String, Double> row = new LinkedHashMap<>();
            for (Map.Entry<String, List<Double>> t : losses.entrySet()) {
                double v = i < t.getValue().size() ? t.getValue().get(i) : Double.NaN; // a term that stopped early
                positive &= Double.isNaN(v) || v > 0 && Double.isFinite(v);
                row.put(t.getKey(), v);
            }
            h.add(new TrainingHistory.Row(stage, epochs.get(i), Double.NaN, row));
        }
        try {
            XYChart chart = Figures.lossCurves(h, stage, positive); // log scale while every value is positive
            chart.setTitle(status);
            return renderer.render(chart);
        } catch (org.ruot4j.RuotException noFiniteValues) {
            DisplayData d = new DisplayData();
            d.putText(status);
            return d;
        }
    }

    /** "pretrain · epoch 12/40 · 0:08 elapsed · about 0:19 left". */
    static String statusLine(ProgressEvent e) {
        String left = e.epoch() >= e.total() ? "done" : "about " + clock(e.etaSeconds()) + " left";
        return String.format(Locale.ROOT, "%s · epoch %d/%d · %s elapsed · %s", e.stage(), e.epoch(), e.total(),
                clock(e.elapsedSeconds()), left);
    }

    static String clock(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            return "?";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    /** A sink over two callbacks, for tests. */
    static Sink sink(Consumer<DisplayData> display, Consumer<DisplayData> update) {
        return new Sink() {
            @Override
            public boolean attached() {
                return true;
            }

            @Override
            public void display(DisplayData data) {
                display.accept(data);
            }

            @Override
            public void update(DisplayData data) {
                update.accept(data);
            }
        };
    }
}
