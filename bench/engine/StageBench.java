import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ruot4j.Session;
import org.ruot4j.train.MetricsReport;

/**
 * Seconds, CPU seconds and load of each training stage of one fit, with the ODE accuracy after the stages run
 * (bench/engine/stages.sh runs it; bench/engine/RESULTS.md). One JVM, one intra-op thread (as the launcher).
 *
 * <p>Arguments: {@code DATA PRESET SEED [key=value ...] [stages=pretrain,score,train] [restore=DIR] [save=DIR]
 * [evalAfter=pretrain,...]}. With restore=DIR the model (and its configuration) saved by an earlier run's save=DIR
 * is loaded first and only the listed stages run (e.g. the joint stage alone from the same pretrained and
 * score-matched model, to compare joint-stage settings on one start); key=value lines apply after the restore;
 * save=DIR saves the model after each stage into DIR-STAGE; probe=PHASE (pretrain, refine, train) prints the ODE accuracy
 * of the current parameters after every epoch of that phase.
 * Prints one Markdown row per stage (wall s, process CPU s, load average 1 min at its start and end) and the ODE
 * W1/TMV per time; the last line, starting with "RESULT", holds everything on one line for scripts.
 */
public class StageBench {
    static double cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    static double load() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    /** ODE W1 and TMV per time, and SDE W1 (for information: the targets are the ODE's). */
    static String acc(MetricsReport r) {
        MetricsReport.Series o = r.ode();
        StringBuilder w = new StringBuilder("W1");
        StringBuilder m = new StringBuilder(" TMV");
        StringBuilder sde = new StringBuilder(" (SDE W1");
        for (int k = 1; k < r.times().length; k++) {
            w.append(String.format(Locale.ROOT, " %.4f", o.w1()[k]));
            m.append(String.format(Locale.ROOT, " %.4f", o.tmv()[k]));
            sde.append(String.format(Locale.ROOT, " %.4f", r.sde().w1()[k]));
        }
        return w.append(m).append(sde).append(')').toString();
    }

    public static void main(String[] args) {
        String data = args[0];
        String preset = args[1];
        long seed = Long.parseLong(args[2]);
        StringBuilder conf = new StringBuilder();
        String[] stages = {"pretrain", "score", "train"};
        String restore = null;
        String save = null;
        List<String> evalAfter = new ArrayList<>();
        String probe = null;
        for (int i = 3; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("stages=")) {
                stages = a.substring(7).split(",");
            } else if (a.startsWith("restore=")) {
                restore = a.substring(8);
            } else if (a.startsWith("save=")) {
                save = a.substring(5);
            } else if (a.startsWith("probe=")) {
                probe = a.substring(6);
            } else if (a.startsWith("evalAfter=")) {
                evalAfter = List.of(a.substring(10).split(","));
            } else {
                conf.append(a).append('\n');
            }
        }
        StringBuilder result = new StringBuilder("RESULT ").append(String.join(" ", args)).append(" |");
        try (Session s = Session.create().preset(preset).device("cpu").seed(seed)) {
            s.load(data);
            if (restore != null) {
                s.restore(Path.of(restore));
            }
            s.config(conf.toString());
            // thread CPU seconds of every epoch (score stage: every logged block), by phase
            Map<String, List<Double>> perEpoch = new LinkedHashMap<>();
            double[] lastCpu = {Double.NaN};
            String probed = probe;
            s.addListener(ev -> {
                if (ev.partial()) {
                    return;
                }
                if (ev.stage().equals(probed)) {
                    // probe=PHASE: the ODE accuracy of the current (not the selected) parameters after every epoch of
                    // that phase (its CPU time counts in the stage's; use it to compare schedules, not to time them)
                    MetricsReport r = org.ruot4j.train.Evaluator.evaluate(s.model(), s.data(), 0.01, seed, 4000);
                    System.out.printf(Locale.ROOT, "probe %s %d selection %.5f %s%n", ev.stage(), ev.epoch(),
                            ev.losses().getOrDefault("selection", Double.NaN), acc(r));
                }
                double c = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1e9;
                List<Double> l = perEpoch.computeIfAbsent(ev.stage(), k -> new ArrayList<>());
                if (ev.epoch() > 1 || !l.isEmpty()) {
                    l.add(c - lastCpu[0]);
                }
                lastCpu[0] = c;
            });
            System.out.println("| stage | wall s | CPU s | load start | load end | ODE after |");
            System.out.println("|---|---:|---:|---:|---:|---|");
            double totalWall = 0;
            double totalCpu = 0;
            for (String st : stages) {
                if (st.isEmpty()) {
                    continue; // stages= (none): only evaluate the restored model
                }
                double l0 = load();
                double c0 = cpu();
                long t0 = System.nanoTime();
                switch (st) {
                    case "pretrain" -> s.pretrain();
                    case "score" -> s.score();
                    case "train" -> s.train();
                    default -> throw new IllegalArgumentException("stage " + st);
                }
                double wall = (System.nanoTime() - t0) / 1e9;
                double c = cpu() - c0;
                double l1 = load();
                totalWall += wall;
                totalCpu += c;
                String a = evalAfter.contains(st) ? acc(s.evaluate()) : "";
                System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f | %s |%n", st, wall, c, l0, l1, a);
                result.append(String.format(Locale.ROOT, " %s %.1fs %.1fcpu load %.1f-%.1f", st, wall, c, l0, l1));
                System.out.flush();
                if (save != null) {
                    s.save(Path.of(save + "-" + st));
                }
            }
            for (Map.Entry<String, List<Double>> e : perEpoch.entrySet()) {
                double[] v = e.getValue().stream().mapToDouble(Double::doubleValue).sorted().toArray();
                if (v.length > 0) {
                    System.out.printf(Locale.ROOT, "%s: thread CPU s per epoch (or logged block) median %.3f, min %.3f "
                            + "over %d%n", e.getKey(), v[v.length / 2], v[0], v.length);
                    result.append(String.format(Locale.ROOT, " %s/epoch %.3f", e.getKey(), v[v.length / 2]));
                }
            }
            String a = acc(s.evaluate());
            System.out.printf(Locale.ROOT, "| total | %.1f | %.1f | | | %s |%n", totalWall, totalCpu, a);
            result.append(String.format(Locale.ROOT, " total %.1fs %.1fcpu | %s", totalWall, totalCpu, a));
        }
        System.out.println(result);
    }
}
