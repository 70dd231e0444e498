package org.ruot4j.cli;

import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A fuzz-style sweep of the command line: random combinations of valid and invalid options for info, fit, evaluate,
 * simulate and datasets list, each executed in-process through {@link Main#commandLine()} (picocli's entry) with
 * a per-run time limit, on tiny data and a tiny schedule. Every run must end with exit code 0, 1 (one line on
 * stderr) or 2 (a usage error); a stack trace, an "internal error", another exit code, a success without its
 * output, or no answer in time is a failure. Never run here: {@code kernel install} and {@code datasets fetch}
 * (they write outside the sandbox or use the network).
 */
final class CliFuzz {
    static final long TIMEOUT_SECONDS = 300;

    private final Path dir;
    private final SplittableRandom rnd;
    private final Path csv;
    private final Path swapped;
    private final Path labelled;
    private final Path empty;
    private final Path garbage;
    private final Path tinyConf;
    private final Path dupConf;
    private final Path zeroConf;
    private final Path model;
    private int fresh;

    int runs;
    int ok;
    int errors;
    int usage;
    int fits;
    final Map<String, Integer> byCommand = new LinkedHashMap<>();
    final List<String> failures = new ArrayList<>();

    /** Tiny schedule: a complete fit in a few seconds. */
    static final String TINY = String.join("\n", "preset = quick", "width = 4", "depth = 1", "growth_width = 4",
            "growth_depth = 1", "score_width = 4", "score_depth = 1", "step = 0.25", "eval.step = 0.25",
            "train.step = 0.25", "pretrain.epochs = 1", "pretrain.refine_epochs = 1", "score.iterations = 2",
            "train.epochs = 1", "seed = 3");

    CliFuzz(Path dir, long seed) throws Exception {
        this.dir = dir;
        this.rnd = new SplittableRandom(seed);
        csv = CliRun.tinyCsv(dir);
        List<String> sw = new ArrayList<>();
        List<String> lab = new ArrayList<>();
        for (String line : Files.readAllLines(csv)) {
            String[] c = line.split(",");
            sw.add(c[0] + "," + c[2] + "," + c[1]);
            lab.add((lab.isEmpty() ? c[0] : "day" + c[0]) + "," + c[1] + "," + c[2]);
        }
        swapped = Files.write(dir.resolve("swapped.csv"), sw);
        labelled = Files.write(dir.resolve("labelled.csv"), lab);
        empty = Files.writeString(dir.resolve("empty.csv"), "");
        garbage = Files.write(dir.resolve("garbage.csv"), new byte[] {(byte) 0x89, 'H', 'D', 'F', 0, 1, 2, (byte) 0xff});
        tinyConf = Files.writeString(dir.resolve("tiny.conf"), TINY);
        dupConf = Files.writeString(dir.resolve("dup.conf"), TINY + "\nwidth = 8\n");
        zeroConf = Files.writeString(dir.resolve("zero.conf"), "preset = quick\nwidth = 0\n");
        model = dir.resolve("model-fit");
        CliRun.Result r = CliRun.run("fit", "--data", csv.toString(), "--config", tinyConf.toString(), "--out",
                model.toString());
        if (r.code() != 0) {
            throw new IllegalStateException("the fixture fit failed: " + r.err());
        }
    }

    private <T> T pick(List<T> options) {
        return options.get(rnd.nextInt(options.size()));
    }

    private boolean chance(double p) {
        return rnd.nextDouble() < p;
    }

    private String freshDir() {
        return dir.resolve("out-" + (++fresh)).toString();
    }

    private void maybe(List<String> args, double p, String option, List<String> values) {
        if (chance(p)) {
            args.add(option);
            args.add(pick(values));
        }
    }

    private List<String> dataOptions(boolean required) {
        List<String> a = new ArrayList<>();
        maybe(a, required ? 0.95 : 0.5, "--data", List.of(csv.toString(), csv.toString(), swapped.toString(),
                labelled.toString(), empty.toString(), garbage.toString(), dir.resolve("missing.csv").toString(),
                dir.toString(), "no-such-dataset", "emt"));
        maybe(a, 0.15, "--time-column", List.of("samples", "x1", "nope", ""));
        maybe(a, 0.2, "--features", List.of("x1,x2", "x2,x1", "x1", "x3", "x1,x1", "samples,x1", ","));
        maybe(a, 0.1, "--embedding", List.of("X_pca", ""));
        maybe(a, 0.1, "--time-map", List.of("day1=1,day2=2", "a=b", "=1", "day1=NaN", "x"));
        return a;
    }

    /** One random command line. */
    List<String> next() {
        List<String> a = new ArrayList<>();
        String cmd = pick(List.of("info", "fit", "fit", "evaluate", "evaluate", "simulate", "simulate", "simulate",
                "datasets", "help", "bogus", ""));
        if (!cmd.isEmpty()) {
            a.add(cmd);
        }
        switch (cmd) {
            case "info" -> {
                a.addAll(dataOptions(true));
                if (chance(0.5)) {
                    a.add("--json");
                }
            }
            case "fit" -> {
                if (chance(0.25)) { // a valid fit (with a valid variation), so that fits really run
                    a.addAll(List.of("--data", pick(List.of(csv.toString(), swapped.toString(), labelled.toString())),
                            "--config", tinyConf.toString(), "--out", freshDir()));
                    maybe(a, 0.3, "--seed", List.of("1", "7"));
                    maybe(a, 0.2, "--hold-out", List.of("1"));
                    maybe(a, 0.2, "--sigma", List.of("0.2"));
                    break;
                }
                if (chance(0.1)) {
                    a.addAll(List.of("--resume", pick(List.of(model.toString(), freshDir(), csv.toString()))));
                    break;
                }
                a.addAll(dataOptions(true));
                maybe(a, 0.2, "--preset", List.of("quick", "nope", ""));
                maybe(a, 0.85, "--config", List.of(tinyConf.toString(), tinyConf.toString(), tinyConf.toString(),
                        dupConf.toString(), zeroConf.toString(), dir.resolve("missing.conf").toString()));
                maybe(a, 0.15, "--sigma", List.of("0.1", "0", "-1", "abc", "NaN", "1e400"));
                maybe(a, 0.15, "--seed", List.of("1", "x", "-3", "99999999999999999999"));
                maybe(a, 0.15, "--device", List.of("cpu", "tpu", "auto"));
                maybe(a, 0.15, "--hold-out", List.of("1", "0", "2", "5", "-1"));
                maybe(a, 0.9, "--out", List.of(freshDir(), freshDir(), csv.toString(), ""));
            }
            case "evaluate" -> {
                maybe(a, 0.95, "--model", List.of(model.toString(), model.resolve("model").toString(),
                        dir.resolve("missing").toString(), csv.toString(), dir.toString()));
                a.addAll(dataOptions(true));
                maybe(a, 0.4, "--mode", List.of("ode", "sde", "ODE", "xyz", ""));
                maybe(a, 0.3, "--out", List.of(dir.resolve("m-" + (++fresh) + ".json").toString(), dir.toString()));
            }
            case "simulate" -> {
                maybe(a, 0.95, "--model", List.of(model.toString(), dir.resolve("missing").toString(), csv.toString()));
                a.addAll(dataOptions(false));
                maybe(a, 0.9, "--mode", List.of("ode", "sde", "branching", "xyz"));
                maybe(a, 0.9, "--times", List.of("1,2", "0,0.5,2", "2", "0,1,1", "2,1", "-1,1", "1e9", "0,3",
                        "abc", "NaN", ",", "1e400"));
                maybe(a, 0.4, "--cells", List.of("5", "2", "1", "0", "-5", "x", "100000"));
                maybe(a, 0.15, "--max-steps", List.of("10", "0", "-1", "100000"));
                maybe(a, 0.9, "--out", List.of(dir.resolve("s-" + (++fresh) + ".csv").toString(), dir.toString()));
            }
            case "datasets" -> a.add(pick(List.of("list", "list", "nope")));
            case "help" -> {
                if (chance(0.7)) {
                    a.add(pick(List.of("fit", "simulate", "evaluate", "info", "nope")));
                }
            }
            default -> {
            }
        }
        if (chance(0.05)) {
            a.add(rnd.nextInt(2) == 0 ? "--bogus" : "extra");
        }
        if (chance(0.03)) {
            a.add("--help");
        }
        return a;
    }

    /** Runs {@code n} random command lines. */
    void sweep(int n) throws Exception {
        PrintStream realErr = System.err;
        // fits print their progress bar on System.err: keep the test log short
        System.setErr(new PrintStream(OutputStream.nullOutputStream()));
        ExecutorService worker = Executors.newSingleThreadExecutor(daemon());
        try {
            for (int i = 0; i < n; i++) {
                List<String> args = next();
                String[] argv = args.toArray(String[]::new);
                runs++;
                byCommand.merge(args.isEmpty() ? "(none)" : args.get(0), 1, Integer::sum);
                Future<CliRun.Result> f = worker.submit(() -> CliRun.run(argv));
                CliRun.Result r;
                try {
                    r = f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    f.cancel(true);
                    worker.shutdownNow();
                    worker = Executors.newSingleThreadExecutor(daemon());
                    failures.add("hang (no answer in " + TIMEOUT_SECONDS + " s): " + String.join(" ", args));
                    continue;
                } catch (java.util.concurrent.ExecutionException e) {
                    failures.add("threw " + e.getCause() + ": " + String.join(" ", args));
                    continue;
                }
                judge(args, r);
            }
        } finally {
            worker.shutdownNow();
            System.setErr(realErr);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon() {
        return r -> {
            Thread t = new Thread(r, "cli-fuzz");
            t.setDaemon(true);
            return t;
        };
    }

    private void judge(List<String> args, CliRun.Result r) throws IOException {
        String line = String.join(" ", args);
        String all = r.out() + r.err();
        if (all.contains("\tat ") || all.contains("internal error") || all.contains("Exception in")) {
            failures.add("stack trace / internal error (exit " + r.code() + "): " + line + " -> "
                    + r.err().lines().findFirst().orElse(""));
            return;
        }
        switch (r.code()) {
            case 0 -> {
                ok++;
                String missing = outputMissing(args);
                if (missing != null) {
                    failures.add("exit 0 without " + missing + ": " + line);
                }
                if (!args.isEmpty() && args.get(0).equals("fit")) {
                    fits++;
                }
            }
            case 1 -> {
                errors++;
                List<String> lines = r.err().strip().lines().filter(l -> !l.startsWith("ruot4j: note:")
                        && !l.startsWith("ruot4j: warning:")).toList();
                if (lines.size() != 1 || !lines.get(0).startsWith("ruot4j: ")) {
                    failures.add("error not one 'ruot4j: ' line: " + line + " -> " + r.err().strip());
                }
            }
            case 2 -> usage++;
            default -> failures.add("exit code " + r.code() + ": " + line);
        }
    }

    /** For a successful run, the file it must have written, when missing or malformed; else null. */
    private String outputMissing(List<String> args) throws IOException {
        if (args.contains("--help") || args.isEmpty()) {
            return null;
        }
        String out = value(args, "--out");
        switch (args.get(0)) {
            case "simulate" -> {
                if (out == null || !Files.isRegularFile(Path.of(out))
                        || !Files.readString(Path.of(out)).startsWith("time,particle,weight,x1,x2\n")) {
                    return "a CSV headed time,particle,weight,x1,x2";
                }
            }
            case "evaluate" -> {
                if (out != null && !JsonParser.parseString(Files.readString(Path.of(out))).getAsJsonObject().has("ode")) {
                    return "metrics JSON";
                }
            }
            case "fit" -> {
                String d = args.contains("--resume") ? value(args, "--resume") : out;
                if (d == null || !Files.isRegularFile(Path.of(d, "metrics.json"))) {
                    return "metrics.json";
                }
            }
            default -> {
            }
        }
        return null;
    }

    private static String value(List<String> args, String option) {
        String v = null;
        for (int i = 0; i + 1 < args.size(); i++) {
            if (args.get(i).equals(option)) {
                v = args.get(i + 1);
            }
        }
        return v;
    }

    String report() {
        StringBuilder sb = new StringBuilder(String.format(java.util.Locale.ROOT,
                "%d runs: %d exit 0 (%d fits), %d one-line errors (exit 1), %d usage errors (exit 2), %d failures; "
                        + "by command %s", runs, ok, fits, errors, usage, failures.size(), byCommand));
        for (String f : failures.subList(0, Math.min(20, failures.size()))) {
            sb.append("\n  ").append(f);
        }
        return sb.toString();
    }
}
