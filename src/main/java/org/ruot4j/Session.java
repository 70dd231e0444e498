package org.ruot4j;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.ruot4j.data.DataSources;
import org.ruot4j.data.ReadOptions;
import org.ruot4j.data.Snapshots;
import org.ruot4j.dynamics.RuotModel;
import org.ruot4j.dynamics.UnitFrame;
import org.ruot4j.nn.Devices;
import org.ruot4j.train.Checkpoint;
import org.ruot4j.train.Evaluator;
import org.ruot4j.train.MetricsReport;
import org.ruot4j.train.ProgressListener;
import org.ruot4j.train.Simulation;
import org.ruot4j.train.Trainer;
import org.ruot4j.train.TrainingConfig;
import org.ruot4j.train.TrainingHistory;

/**
 * One fitting session: data, configuration, model, training history — the single code path behind the CLI,
 * the Jupyter magics and Java code. Fluent and notebook-friendly:
 *
 * <pre>{@code
 * Session ruot = Session.create().load("../shared/data/simulation_gene.csv").preset("simulation");
 * ruot.fit();
 * System.out.println(ruot.evaluate().toTable());
 * ruot.save(Path.of("out/model"));
 * }</pre>
 *
 * <p>The model is built at the first stage from the configuration and the data dimension (or comes from
 * {@link #restore}). {@link #cancel()} stops a running stage at its next step; the parameters of the last completed
 * step and the history stay, and the session remains usable. Not thread-safe except for {@link #cancel()},
 * {@link #status()} and listeners.
 */
public final class Session implements AutoCloseable {
    private TrainingConfig config = new TrainingConfig();
    private Snapshots data;
    private Snapshots trainingData;
    private int holdOut = -1;
    private RuotModel model;
    /**
     * The model the stages train: {@link #model} itself, or with {@code standardize} the same model in the standardized
     * units of {@link #frame} (then {@link #model} is its copy in the data's units, refreshed after every stage). Null
     * until a stage needs it.
     */
    private RuotModel trainingModel;
    /** The units the stages train in (null: the data's own). */
    private UnitFrame frame;
    /** The features the model was fitted on, in its input order (null without a model): data are matched to them. */
    private List<String> modelFeatures;
    private Trainer trainer;
    private final TrainingHistory history = new TrainingHistory();
    private final List<ProgressListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, Double> seconds = new LinkedHashMap<>();
    private volatile String running;
    private volatile boolean cancelRequested;
    private long runningSince;
    /** Where resumable checkpoints go (null: none are written). */
    private org.ruot4j.train.FitCheckpoints checkpoints;
    /** Stages completed in this fit (written into checkpoints). */
    private final List<String> completedStages = new ArrayList<>();
    /** Stages a resumed fit has already completed: {@link #fit()} skips them once. */
    private final java.util.Set<String> skipOnFit = new java.util.HashSet<>();
    /** Where the running phase of a resumed fit stood; handed to the next trainer. */
    private org.ruot4j.train.EpochState resumeState;
    /** The auto preset's derived settings for the loaded data (null: not derived yet, or another preset). */
    private org.ruot4j.train.AutoSettings.Derived auto;
    private List<String> autoLines = List.of();
    /** The file or dataset name the data came from and how it was read (null: snapshots given in memory). */
    private String dataOrigin;
    private ReadOptions dataReadOptions;
    /** The total seconds of a restored fit directory's metrics.json, until a stage runs. */
    private Double restoredTotal;

    private Session() {
    }

    /** A new session with the default configuration (preset {@code simulation}). */
    public static Session create() {
        return new Session();
    }

    // ------------------------------------------------------------------ data and settings

    /** Loads snapshots from a file (CSV/TSV/.h5ad) or a registered dataset name, time column {@code samples}. */
    public Session load(String pathOrName) {
        return load(pathOrName, ReadOptions.defaults());
    }

    /** Loads snapshots with explicit read options (time column, features, relative masses). */
    public Session load(String pathOrName, ReadOptions options) {
        load(DataSources.load(pathOrName, options));
        dataOrigin = pathOrName;
        dataReadOptions = options;
        return this;
    }

    /** Uses the given snapshots. A model already present must have the same dimension. */
    public Session load(Snapshots snapshots) {
        snapshots = snapshots.alignedTo(modelFeatures); // columns by name, in the model's order
        if (model != null && model.dim() != snapshots.dim()) {
            throw new RuotException(snapshots.source() + ": data have " + snapshots.dim()
                    + " dimensions but the session's model has " + model.dim() + " (restore another model or start a "
                    + "new session)");
        }
        this.data = snapshots;
        this.dataOrigin = null;
        this.holdOut = -1;
        this.trainingData = snapshots;
        this.auto = null;
        closeTrainer();
        dropTrainingUnits(); // the standardized units are the new data's
        return this;
    }

    /** Trains without time index k (1 ≤ k &lt; number of times) and evaluates there too (hold-out mode). */
    public Session holdOut(int k) {
        requireData();
        this.trainingData = data.withoutTime(k);
        this.holdOut = k;
        this.auto = null;
        closeTrainer();
        dropTrainingUnits();
        return this;
    }

    /** Resets the configuration to a preset ({@code simulation, emt, gaussian, hematopoiesis, quick}). */
    public Session preset(String name) {
        TrainingConfig c = TrainingConfig.preset(name);
        c.set("device", config.get("device"));
        config = c;
        auto = null;
        closeTrainer();
        return this;
    }

    /** Applies {@code key = value} lines (the {@code %%ruot config} cell body). */
    public Session config(String keyValueText) {
        config.apply(keyValueText);
        auto = null;
        closeTrainer();
        return this;
    }

    /**
     * With the {@code auto} preset: the settings derived from the training data ({@link
     * org.ruot4j.train.AutoSettings}), applied to the configuration wherever the user did not set the key; derived
     * once per data, preset and configuration, and at the latest when the first stage starts. Null with another
     * preset or before data are loaded.
     */
    public org.ruot4j.train.AutoSettings.Derived autoSettings() {
        if (data == null || !org.ruot4j.train.AutoSettings.PRESET.equals(config.presetName())) {
            return null;
        }
        if (auto == null) {
            auto = org.ruot4j.train.AutoSettings.forData(config, trainingData);
            autoLines = auto.applyTo(config);
        }
        return auto;
    }

    /** The lines describing the derived settings (each key, value and reason; "(given …)" where the user's value won). */
    public List<String> autoSettingsReport() {
        if (autoSettings() == null) {
            return List.of();
        }
        List<String> lines = new ArrayList<>(autoLines);
        if (config.getBool("standardize")) {
            lines.add("  trains in standardized units: " + UnitFrame.of(trainingData).describe()
                    + " (standardize = true; the model and every metric are in the data's units)");
        }
        return lines;
    }

    /** The live configuration. */
    public TrainingConfig config() {
        return config;
    }

    /** Sets σ (> 0). */
    public Session sigma(double sigma) {
        if (!(sigma > 0) || !Double.isFinite(sigma)) {
            throw new RuotException("sigma must be a positive number, got " + sigma);
        }
        config.set("sigma", Double.toString(sigma));
        auto = null;
        return this;
    }

    /** Device for new models: auto | cpu | gpu. */
    public Session device(String device) {
        Devices.choose(device); // validate now
        config.set("device", device);
        return this;
    }

    public Session seed(long seed) {
        config.set("seed", Long.toString(seed));
        return this;
    }

    public Session addListener(ProgressListener listener) {
        listeners.add(listener);
        if (trainer != null) {
            trainer.addListener(listener);
        }
        return this;
    }

    public Session removeListener(ProgressListener listener) {
        listeners.remove(listener);
        if (trainer != null) {
            trainer.removeListener(listener);
        }
        return this;
    }

    // ------------------------------------------------------------------ stages

    void requireData() {
        if (data == null) {
            throw new RuotException("no data loaded: call load(path or dataset name) first");
        }
    }

    private Trainer trainer() {
        requireData();
        autoSettings(); // before the model is built: the auto preset derives its width
        boolean standardize = config.getBool("standardize");
        if (trainingModel != null && standardize != (frame != null)) {
            closeTrainer();
            dropTrainingUnits();
        }
        if (model != null && model.dim() != trainingData.dim()) {
            throw new RuotException(trainingData.source() + ": data have " + trainingData.dim()
                    + " dimensions but the model has " + model.dim());
        }
        if (trainingModel == null) {
            frame = standardize ? UnitFrame.of(trainingData) : null;
            if (model == null) {
                RuotModel.Spec spec = Checkpoint.modelSpec(config, trainingData.dim());
                Device device = Devices.choose(config.get("device"));
                if (frame == null) {
                    model = RuotModel.create(spec, device, config.seed());
                    trainingModel = model;
                } else {
                    trainingModel = RuotModel.create(frame.toTraining(spec), device, config.seed());
                    model = frame.toData(trainingModel);
                }
                modelFeatures = trainingData.features();
            } else {
                trainingModel = frame == null ? model : frame.toTraining(model);
            }
        }
        if (trainer == null) {
            trainer = frame == null ? new Trainer(trainingModel, trainingData, config)
                    : new Trainer(trainingModel, frame.toTraining(trainingData), trainingConfig());
            for (ProgressListener l : listeners) {
                trainer.addListener(l);
            }
            if (checkpoints != null) {
                trainer.checkpointTo(this::writeCheckpoint, config.getInt("checkpoint.every"));
            }
        }
        if (resumeState != null) {
            trainer.resumeFrom(resumeState, history);
            resumeState = null;
        }
        return trainer;
    }

    private TrainingHistory run(String stage, java.util.function.Function<Trainer, TrainingHistory> body) {
        Trainer t = trainer();
        cancelRequested = false;
        running = stage;
        long start = System.nanoTime();
        runningSince = start;
        restoredTotal = null;
        try {
            TrainingHistory rows = body.apply(t);
            history.addAll(rows);
            if (!t.wasCancelled()) {
                completedStages.remove(stage);
                completedStages.add(stage);
                if (checkpoints != null) {
                    checkpoints.write(trainingModel, frame, config, history, dataInfo(), completedStages,
                            secondsSoFar(), null);
                }
            }
            return rows;
        } catch (org.ruot4j.train.TrainingDivergedException e) {
            // rows recorded before the divergence stay in the history
            throw e;
        } finally {
            seconds.merge(stage, (System.nanoTime() - start) / 1e9, Double::sum);
            running = null;
            if (frame != null) { // finished, cancelled or diverged: the data-units model shows where training stands
                frame.copyToData(trainingModel, model);
            }
        }
    }

    /** Stage 1: v and g by OT + mass (A), then v by OT with g frozen (B). */
    public TrainingHistory pretrain() {
        return run("pretrain", Trainer::pretrain);
    }

    /** Stage 2: the score s by SF2M score matching on the clouds of stage 1. */
    public TrainingHistory score() {
        return run("score", Trainer::score);
    }

    /** Stage 3: v, g, s jointly. */
    public TrainingHistory train() {
        return run("train", Trainer::train);
    }

    /**
     * All three stages; stops after the stage during which {@link #cancel()} was called. After
     * {@link #resumeFrom}, the stages the checkpoint had completed are skipped and the running one continues.
     */
    public TrainingHistory fit() {
        TrainingHistory all = new TrainingHistory();
        String[] stages = {"pretrain", "score", "train"};
        for (String stage : stages) {
            if (skipOnFit.remove(stage)) {
                continue;
            }
            all.addAll(switch (stage) {
                case "pretrain" -> pretrain();
                case "score" -> score();
                default -> train();
            });
            if (cancelRequested || trainer.wasCancelled()) {
                break;
            }
        }
        skipOnFit.clear();
        return all;
    }

    // ------------------------------------------------------------------ fit runs, checkpoints and resume

    /**
     * All three stages with the product of {@code ruot4j fit --out DIR} written into {@code out}: model/,
     * metrics.json, history.csv, report.html, plots/, and — when the data were loaded from a file or dataset name —
     * fit.json with resumable checkpoints while it trains (see {@link FitRun}; {@code FitRun.of(this, out)} has
     * the options). A directory holding a fit is refused.
     */
    public MetricsReport fitInto(Path out) {
        return FitRun.of(this, out).run();
    }

    /** The settings a fit of this session saves as fit.json; null when the data were given in memory. */
    FitSettings fitSettings() {
        return dataOrigin == null ? null
                : FitSettings.of(this, dataOrigin, dataReadOptions, holdOut > 0 ? holdOut : null);
    }

    /** Ends {@link #checkpointTo}: later stages write no checkpoints. */
    void stopCheckpoints() {
        if (checkpoints != null) {
            checkpoints = null;
            closeTrainer();
        }
    }

    /**
     * Writes resumable checkpoints of the coming stages into {@code dir}: every {@code checkpoint.every} epochs of
     * each phase and after each completed stage (see {@link org.ruot4j.train.FitCheckpoints}).
     */
    public Session checkpointTo(Path dir) {
        this.checkpoints = new org.ruot4j.train.FitCheckpoints(dir);
        closeTrainer();
        return this;
    }

    /**
     * Continues a fit from the latest checkpoint in {@code dir} (written by {@link #checkpointTo}): its model,
     * configuration, history and seconds replace the session's, and the next {@link #fit()} skips the completed
     * stages and goes on with the running one from the epoch after the checkpoint, drawing the same random numbers
     * as the uninterrupted fit. Load the same data first.
     *
     * @return false when {@code dir} holds no checkpoint yet (nothing changes)
     * @throws RuotException when the checkpoint is damaged or was trained on other data
     */
    public boolean resumeFrom(Path dir) {
        requireData();
        java.util.Optional<org.ruot4j.train.FitCheckpoints.Resumed> found = new org.ruot4j.train.FitCheckpoints(dir)
                .latest(Devices.choose(config.get("device")));
        if (found.isEmpty()) {
            return false;
        }
        org.ruot4j.train.FitCheckpoints.Resumed r = found.get();
        Checkpoint.DataInfo info = r.loaded().data();
        if (!Arrays.equals(info.times(), data.times()) || !info.features().equals(data.features())
                || !Arrays.equals(info.relativeMasses(), data.relativeMasses())) {
            r.loaded().model().close();
            throw new RuotException(r.dir() + ": the checkpoint was trained on other data (times "
                    + Arrays.toString(info.times()) + ", features " + info.features() + "); the loaded data ("
                    + data.source() + ") have times " + Arrays.toString(data.times()) + ", features " + data.features());
        }
        closeTrainer();
        replaceModel(r.loaded().frame() == null ? r.loaded().model() : r.loaded().frame().toData(r.loaded().model()));
        frame = r.loaded().frame();
        trainingModel = r.loaded().model(); // the units it was training in: it continues exactly
        modelFeatures = info.features();
        config = r.loaded().config();
        auto = null;
        history.clear();
        history.addAll(r.loaded().history());
        seconds.clear();
        seconds.putAll(r.stageSeconds());
        completedStages.clear();
        completedStages.addAll(r.completedStages());
        skipOnFit.clear();
        skipOnFit.addAll(r.completedStages());
        resumeState = r.state();
        return true;
    }

    /** Hands one epoch's state of the running stage to the checkpoint directory. */
    private void writeCheckpoint(org.ruot4j.train.EpochState state) {
        TrainingHistory h = new TrainingHistory();
        h.addAll(history);
        h.addAll(state.stageRows());
        checkpoints.write(trainingModel, frame, config, h, dataInfo(), completedStages, secondsSoFar(), state);
    }

    /** Seconds per stage, including the running stage's time so far. */
    private Map<String, Double> secondsSoFar() {
        Map<String, Double> secs = new LinkedHashMap<>(seconds);
        if (running != null) {
            secs.merge(running, (System.nanoTime() - runningSince) / 1e9, Double::sum);
        }
        return secs;
    }

    private Checkpoint.DataInfo dataInfo() {
        return data == null ? new Checkpoint.DataInfo("unknown", defaultFeatures(model.dim()), new double[0],
                new double[0]) : new Checkpoint.DataInfo(data.source(), data.features(), data.times(),
                data.relativeMasses());
    }

    /** Asks a running stage to stop at its next step boundary (callable from any thread). */
    public void cancel() {
        cancelRequested = true;
        Trainer t = trainer;
        if (t != null) {
            t.cancel();
        }
    }

    /** True when the last stage ended early because of {@link #cancel()}. */
    public boolean wasCancelled() {
        return trainer != null && trainer.wasCancelled();
    }

    // ------------------------------------------------------------------ results

    private RuotModel requireModel() {
        if (model == null) {
            throw new RuotException("no model yet: run pretrain()/fit() or restore(path) first");
        }
        return model;
    }

    /** Accuracy at every time of the loaded data (all of them, including a held-out time). */
    public MetricsReport evaluate() {
        requireData();
        return evaluate(data);
    }

    /** Accuracy against other snapshots of the same dimension. */
    public MetricsReport evaluate(Snapshots against) {
        RuotModel m = requireModel();
        against = against.alignedTo(modelFeatures);
        MetricsReport r = Evaluator.evaluate(m, against, config.getDouble("eval.step"), config.seed(),
                config.getInt("eval.max_cells"));
        if (against == data && trainer != null && trainer.validation() != null && trainer.model() == trainingModel) {
            MetricsReport.Series v = trainer.validationSeries(); // the held-back cells of this fit, in training units
            r.validation(frame == null ? v : new MetricsReport.Series(frame.distancesToData(v.w1()),
                    frame.distancesToData(v.w2()), v.tmv()));
        }
        double total = 0;
        for (String s : new String[] {"pretrain", "score", "train"}) {
            Double v = seconds.get(s);
            if (v != null) {
                r.seconds(s, v);
                total += v;
            }
        }
        if (!seconds.isEmpty()) {
            r.seconds("total", restoredTotal != null ? restoredTotal : total);
        }
        return r;
    }

    /**
     * Simulates from the t0 cells (at most {@code cells} of them; 0 = all) to each of {@code times}.
     *
     * @param mode ode | sde | branching
     */
    public Simulation simulate(String mode, double[] times, int cells) {
        return simulate(mode, times, cells, org.ruot4j.dynamics.TimeGrid.DEFAULT_MAX_STEPS);
    }

    /** As {@link #simulate(String, double[], int)}, refusing before any work a run of more than maxSteps steps. */
    public Simulation simulate(String mode, double[] times, int cells, long maxSteps) {
        RuotModel m = requireModel();
        requireData();
        String md = mode.trim().toLowerCase(Locale.ROOT);
        double t0 = data.time(0);
        double step = config.getDouble("eval.step");
        org.ruot4j.dynamics.TimeGrid.check(t0, times, step, maxSteps);
        if (cells < 0) {
            throw new RuotException("simulate: cells must be >= 1 (or 0 for all t0 cells), got " + cells);
        }
        Snapshots start = cells > 0 ? data.subsample(Math.max(2, cells), config.seed()) : data;
        int n = start.count(0);
        double[] x0 = start.flat(0);
        List<double[]> xs = new ArrayList<>();
        List<double[]> ws = new ArrayList<>();
        switch (md) {
            case "ode", "sde" -> {
                Evaluator.Prediction p = Evaluator.predict(m, x0, n, t0, times, md.equals("sde"), step, config.seed());
                xs.addAll(Arrays.asList(p.x()));
                ws.addAll(Arrays.asList(p.w()));
            }
            case "branching" -> {
                for (double[] x : Evaluator.branching(m, x0, n, t0, times, step, config.seed())) {
                    xs.add(x);
                    double[] w = new double[x.length / m.dim()];
                    Arrays.fill(w, 1.0 / n);
                    ws.add(w);
                }
            }
            default -> throw new RuotException("simulate: unknown mode '" + mode + "'; expected ode, sde or branching");
        }
        return new Simulation(md, times.clone(), m.dim(), data.features(), xs, ws);
    }

    /** Saves the model (config, parameters, history) to {@code dir} atomically. */
    public Session save(Path dir) {
        RuotModel m = requireModel();
        Checkpoint.save(dir, m, config, history, dataInfo(), null, null);
        return this;
    }

    private static List<String> defaultFeatures(int d) {
        List<String> f = new ArrayList<>();
        for (int i = 1; i <= d; i++) {
            f.add("x" + i);
        }
        return f;
    }

    /**
     * Loads a model saved by {@link #save}, or the model of a fit's output directory (the one holding model/, as
     * written by {@link #fitInto} and {@code ruot4j fit}); its configuration and history replace the session's.
     * From a fit directory the session also gets the fit's seconds per stage and, when no data are loaded yet,
     * the fit's data (from fit.json, if they are still there), so that {@link #evaluate()} reproduces its
     * metrics.json.
     */
    public Session restore(Path dir) {
        if (!java.nio.file.Files.isDirectory(dir)) {
            throw new RuotException(dir + ": not a ruot4j model directory (" + (java.nio.file.Files.exists(dir)
                    ? "a file, not a directory" : "no such directory") + ")");
        }
        Path modelDir = FitDirectory.modelOf(dir);
        Checkpoint.Loaded l = Checkpoint.load(modelDir, Devices.choose(config.get("device")));
        Snapshots aligned = null;
        try {
            aligned = data == null ? null : data.alignedTo(l.data().features());
        } catch (RuotException e) {
            l.model().close();
            throw new RuotException(dir + ": " + e.getMessage());
        }
        if (aligned != null && aligned.dim() != l.model().dim()) {
            l.model().close();
            throw new RuotException(dir + ": the model has " + l.model().dim() + " dimensions but the loaded data ("
                    + data.source() + ") have " + data.dim());
        }
        if (aligned != null && aligned != data) {
            data = aligned;
            trainingData = holdOut > 0 ? data.withoutTime(holdOut) : data;
        }
        closeTrainer();
        replaceModel(l.model());
        modelFeatures = l.data().features();
        config = l.config();
        history.addAll(l.history());
        if (!modelDir.equals(dir)) {
            restoreFitRecord(dir);
        }
        return this;
    }

    /** The seconds (metrics.json) and, into a session without data, the data (fit.json) of a fit directory. */
    private void restoreFitRecord(Path dir) {
        Path metrics = dir.resolve(FitDirectory.METRICS);
        if (java.nio.file.Files.isRegularFile(metrics)) {
            Map<String, Double> secs;
            try {
                secs = MetricsReport.readSeconds(metrics);
            } catch (RuotException e) {
                secs = Map.of(); // a damaged record of the seconds does not stop the model from loading
            }
            seconds.clear();
            secs.forEach((k, v) -> {
                if (!k.equals("total")) {
                    seconds.put(k, v);
                }
            });
            restoredTotal = secs.get("total");
        }
        if (data == null && java.nio.file.Files.isRegularFile(dir.resolve(FitSettings.FILE))) {
            try {
                FitSettings.read(dir).loadDataInto(this);
            } catch (RuotException e) {
                // the data moved or changed: the model is restored all the same; load data to evaluate it
            }
        }
    }

    // ------------------------------------------------------------------ inspection

    /** A one-screen summary of the session. */
    public record Status(String data, String model, String preset, String running, int historyRows,
            Map<String, Double> seconds) {
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            sb.append("data:    ").append(data).append('\n');
            sb.append("model:   ").append(model).append('\n');
            sb.append("preset:  ").append(preset).append('\n');
            sb.append("running: ").append(running == null ? "nothing" : running).append('\n');
            sb.append("history: ").append(historyRows).append(" rows\n");
            sb.append("seconds: ").append(seconds);
            return sb.toString();
        }
    }

    public Status status() {
        String m = model == null ? "none" : String.format(Locale.ROOT, "D=%d, σ=%s, growth=%s, score=%s, %d parameters on %s",
                model.dim(), model.sigma(), model.hasGrowth(), model.hasScore(), model.store().parameterCount(),
                model.store().device());
        String d = data == null ? "none" : data + (holdOut > 0 ? " (holding out t index " + holdOut + ")" : "");
        return new Status(d, m, config.presetName(), running, history.size(), Map.copyOf(seconds));
    }

    /** Every row recorded by the stages of this session (and of a restored model). */
    public TrainingHistory history() {
        return history;
    }

    /** Seconds spent per stage so far. */
    public Map<String, Double> seconds() {
        return Map.copyOf(seconds);
    }

    public Snapshots data() {
        return data;
    }

    /** The model, or null before the first stage / restore. */
    public RuotModel model() {
        return model;
    }

    private void closeTrainer() {
        if (trainer != null) {
            trainer.close();
            trainer = null;
        }
    }

    /**
     * Forgets the training-units copy of the model (the data or the units changed): the next stage derives it again
     * from {@link #model}.
     */
    private void dropTrainingUnits() {
        if (trainingModel != null && trainingModel != model) {
            trainingModel.close();
        }
        trainingModel = null;
        frame = null;
    }

    /** Makes {@code m} (in the data's units) the session's model, closing the one it replaces. */
    private void replaceModel(RuotModel m) {
        dropTrainingUnits();
        if (model != null && model != m) {
            model.close();
        }
        model = m;
    }

    /**
     * The configuration the trainer sees in training units: σ_z = σ√T/s and every step divided by T (the other keys are
     * weights, counts and rates, which mean the same in either units).
     */
    private TrainingConfig trainingConfig() {
        TrainingConfig c = config.copy();
        c.set("sigma", Double.toString(frame.sigmaToTraining(config.sigma())));
        for (String k : new String[] {"step", "eval.step", "train.step"}) {
            c.set(k, Double.toString(config.getDouble(k) / frame.timeScale()));
        }
        return c;
    }

    /** The standardized units the stages train in (null: the data's own, or no stage has run). */
    public UnitFrame unitFrame() {
        return frame;
    }

    @Override
    public void close() {
        closeTrainer();
        replaceModel(null);
    }

    // ------------------------------------------------------------------ interchange (issue 15)

    /**
     * Replaces the model by a published DeepRUOT checkpoint pair (fnet: v and g; score: s) of data dimension
     * {@code dim} and noise σ (see {@link org.ruot4j.dynamics.DeepRuotModel}); the configuration takes its σ and network
     * shapes, so {@link #save} writes a model directory that evaluate, simulate, restore and the analyses accept.
     */
    public Session importDeepRuot(Path fnet, Path score, int dim, double sigma) {
        RuotModel m = org.ruot4j.dynamics.DeepRuotModel.load(fnet, score, dim, sigma, Devices.choose(config.get("device")));
        if (data != null && data.dim() != dim) {
            m.close();
            throw new RuotException(fnet + ": the DeepRUOT model has D = " + dim + " but the loaded data (" + data.source()
                    + ") have " + data.dim());
        }
        RuotModel.Spec p = m.spec();
        config.apply(String.format(Locale.ROOT, "sigma=%s%nactivation=leaky_relu%ngrowth=true%nnoise=true%nwidth=%d%n"
                + "depth=%d%ngrowth_width=%d%ngrowth_depth=%d%nscore_width=%d%nscore_depth=%d", Double.toString(sigma),
                p.width(), p.depth(), p.growthWidth(), p.growthDepth(), p.scoreWidth(), p.scoreDepth()));
        closeTrainer();
        replaceModel(m);
        return this;
    }

    /**
     * Writes the per-cell results of the model on the loaded data as an AnnData {@code .h5ad} file (see
     * {@link org.ruot4j.analysis.CellExport}): time, growth, fate probabilities, velocity, drift, the coordinates, the
     * settings and the metrics. Cell names come from the data file when it is an .h5ad. Written atomically.
     */
    public Session export(Path file) {
        requireData();
        org.ruot4j.analysis.CellExport.write(file, requireModel(), data, config, evaluate(),
                org.ruot4j.data.CellNames.of(data), org.ruot4j.analysis.CellExport.Options.defaults());
        return this;
    }
}
