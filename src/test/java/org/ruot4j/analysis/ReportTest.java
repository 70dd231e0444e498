package org.ruot4j.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ruot4j.Session;
import org.ruot4j.cli.Main;
import org.ruot4j.data.Snapshots;
import org.ruot4j.data.synthetic.SyntheticDataset;
import org.ruot4j.data.synthetic.ToggleSwitch;
import org.ruot4j.plot.ChartStyle;
import org.ruot4j.train.FateGrowthCheck;
import org.ruot4j.train.MetricsReport;

/**
 * The report of a short fit (quick preset, few epochs) on toggle-switch data: every figure is drawn and renders,
 * the HTML is self-contained, headless Chromium opens it and shows it, and the analyses run on the fitted model
 * (a model this short is not accurate, so the model path is checked for structure: shapes, finiteness,
 * probabilities summing to 1, agreement with {@link FateGrowthCheck}; the signs themselves are tested on the truth in
 * {@link AnalysesOnTruthTest}). PNGs and the screenshot go to -Druot4j.figs.dir when set (to look at them).
 */
class ReportTest {
    static final String SHORT = String.join("\n", "pretrain.epochs = 5", "pretrain.refine_epochs = 2",
            "score.iterations = 60", "train.epochs = 1", "eval.step = 0.05", "step = 0.1");

    @TempDir
    static Path dir;
    static SyntheticDataset ds;
    static Session session;
    static MetricsReport metrics;
    static Report.Written written;

    @BeforeAll
    static void fitAndReport() throws Exception {
        ds = ToggleSwitch.builder().cells(150).times(0, 1, 2, 3, 4).sigma(0.1).seed(2).maxCellsPerTime(200)
                .deathRate(0.2, 0.4).build().generate();
        session = Session.create().preset("quick").config(SHORT).device("cpu").seed(3).load(ds.snapshots());
        session.fit();
        metrics = session.evaluate();
        Path out = outDir();
        session.history().writeCsv(out.resolve("history.csv"));
        written = Report.write(session, metrics, out, ds.truth());
    }

    @AfterAll
    static void close() {
        if (session != null) {
            session.close();
        }
    }

    static Path outDir() throws Exception {
        String d = System.getProperty("ruot4j.figs.dir");
        Path p = d == null || d.isBlank() ? dir.resolve("fit") : Path.of(d);
        Files.createDirectories(p);
        return p;
    }

    @Test
    void everyFigureIsDrawnAndRenders() throws Exception {
        List<String> expected = List.of("loss_curves", "metrics", "snapshots", "predicted_ode", "predicted_sde",
                "trajectories", "weights", "growth_map", "landscape", "drift_arrows", "streamlines",
                "fate_probabilities", "trend_x1", "trend_x2");
        assertEquals(Map.of(), written.skipped(), "figures left out");
        assertEquals(expected, List.copyOf(written.plots().keySet()));
        for (Map.Entry<String, Path> e : written.plots().entrySet()) {
            BufferedImage img = ImageIO.read(e.getValue().toFile());
            assertTrue(img.getWidth() >= ChartStyle.WIDTH * Report.PLOT_DPI / 72 - 1, e.getKey() + " width " + img.getWidth());
            assertTrue(img.getHeight() >= ChartStyle.HEIGHT * Report.PLOT_DPI / 72 - 1, e.getKey() + " height " + img.getHeight());
            ImageCheck.assertNotBlank(img, e.getKey(), 5);
        }
    }

    @Test
    void reportIsOneSelfContainedFile() throws Exception {
        String html = Files.readString(written.html());
        assertFalse(html.contains("<script"), "no scripts");
        assertFalse(Pattern.compile("(src|href)=\"(?!data:)").matcher(html).find(), "no external resources");
        Matcher m = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(html);
        int images = 0;
        while (m.find()) {
            byte[] png = java.util.Base64.getDecoder().decode(m.group(1));
            org.ruot4j.kernel.StrictPng.check(png); // whole to IEND, every CRC right (issue 13)
            BufferedImage img = ImageIO.read(new java.io.ByteArrayInputStream(png));
            assertTrue(img.getWidth() > 500, "embedded image " + images + " width " + img.getWidth());
            images++;
        }
        assertEquals(written.plots().size(), images);
        for (String part : new String[] {"<h2>Data</h2>", "<h2>Accuracy</h2>", "<h2>Timings</h2>",
                "<h2>Configuration</h2>", "Learned against true dynamics", "Gene regulation estimate",
                "Growth by time", "pretrain.epochs = 5"}) {
            assertTrue(html.contains(part), "report lacks " + part);
        }
        try (var files = Files.list(written.html().getParent())) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temp files left");
        }
    }

    /** Headless Chromium opens report.html and takes a screenshot that shows the page. */
    @Test
    void chromiumOpensTheReport() throws Exception {
        String exe = findChromium();
        assertTrue(exe != null, "chromium is not installed (Debian: apt-get install chromium; .ci/run installs it)");
        Path profile = Files.createTempDirectory(dir, "chromium-profile");
        Path shot = written.html().getParent().resolve("report-screenshot.png");
        Files.deleteIfExists(shot);
        List<String> cmd = new ArrayList<>(List.of(exe, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars", "--user-data-dir=" + profile,
                "--screenshot=" + shot, "--window-size=1280,4000", written.html().toUri().toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("chromium.log")
                .toFile()).start();
        boolean done = p.waitFor(90, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        String log = Files.readString(dir.resolve("chromium.log"));
        assertTrue(done, "chromium did not finish in 90 s: " + log);
        assertEquals(0, p.exitValue(), "chromium failed: " + log);
        assertTrue(Files.isRegularFile(shot), "no screenshot: " + log);
        BufferedImage img = ImageIO.read(shot.toFile());
        assertEquals(1280, img.getWidth());
        ImageCheck.assertNotBlank(img, "report screenshot", 200);
    }

    static String findChromium() {
        for (String name : new String[] {"chromium", "chromium-browser", "google-chrome"}) {
            for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
                File f = new File(d, name);
                if (f.canExecute()) {
                    return f.getPath();
                }
            }
        }
        return null;
    }

    @Test
    void analysesRunOnTheFittedModel() {
        Fields f = Fields.of(session.model());
        Snapshots s = ds.snapshots();
        int last = s.numTimes() - 1;
        GeneRegulation g = GeneRegulation.average(f, 0, s.points(0), s.features());
        for (double[] row : g.jacobian()) {
            for (double v : row) {
                assertTrue(Double.isFinite(v));
            }
        }
        assertEquals(4, g.toTable(0).rowCount());
        FateProbabilities fp = FateProbabilities.compute(f, 0, s.points(0), s,
                FateProbabilities.kMeansLabels(s, 2, 1), new FateProbabilities.Options(5, 0.05, 2, true));
        for (double[] row : fp.probability()) {
            assertEquals(1.0, row[0] + row[1], 1e-9);
        }
        // the learned drift: v + ∇s of the model equals the sum of its parts
        double[][] x = s.points(1);
        double[][] v = f.velocity(1, x);
        double[][] gs = f.scoreGradient(1, x);
        double[][] b = f.sdeDrift(1, x);
        assertEquals(v[3][1] + gs[3][1], b[3][1], 1e-9);
        TruthComparison tc = TruthComparison.compute(f, ds.truth(), s);
        FateGrowthCheck.Result check = FateGrowthCheck.compare(session.model(), s, ds.truth());
        assertEquals(check.signAccuracy(), tc.growthSignAccuracy()[last], 0.0, "one scorer for both");
        assertEquals(s.count(last), check.cellCount());
        double[] g0 = f.growth(s.time(last), s.points(last));
        assertEquals(FateGrowthCheck.learnedGrowth(session.model(), s.time(last), s.flat(last), s.count(last))[5], g0[5],
                1e-9);
    }

    @Test
    void fitCommandWritesTheReport() throws Exception {
        StringBuilder csv = new StringBuilder("samples,x1,x2\n");
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        for (int t = 0; t < 3; t++) {
            for (int i = 0; i < 30; i++) {
                csv.append(t).append(',').append(0.5 * t + 0.3 * r.nextDouble()).append(',')
                        .append(0.2 * r.nextDouble() + 0.1 * t).append('\n');
            }
        }
        Path data = dir.resolve("tiny.csv");
        Files.writeString(data, csv.toString());
        Path conf = dir.resolve("tiny.conf");
        // a config file gives each key once: SHORT with two of its values changed
        Files.writeString(conf, "preset = quick\n" + SHORT.replace("score.iterations = 60", "score.iterations = 20")
                .replace("pretrain.epochs = 5", "pretrain.epochs = 2") + "\n");
        Path out = dir.resolve("cli");
        assertEquals(0, Main.run("fit", "--data", data.toString(), "--config", conf.toString(), "--out",
                out.toString()));
        assertTrue(Files.size(out.resolve(Report.FILE)) > 10_000);
        assertTrue(Files.isRegularFile(out.resolve("plots/loss_curves.png")));
        assertTrue(Files.isRegularFile(out.resolve("plots/growth_map.png")));
    }

    /** Models without growth and noise (dynamic OT), and one-dimensional data, still get a report. */
    @Test
    void reportCopesWithoutGrowthScoreOrPlane() throws Exception {
        Snapshots two = ds.snapshots().subsample(40, 1).timeRange(0, 2);
        try (Session s = Session.create().preset("quick").config(SHORT + "\ngrowth = false\nnoise = false\n"
                + "pretrain.epochs = 2\nscore.iterations = 5").seed(1).load(two)) {
            s.fit();
            Report.Written w = Report.write(s, s.evaluate(), dir.resolve("ot"), null);
            assertEquals(Map.of("growth_map", "the model has no growth (g ≡ 0)", "landscape",
                    "the model has no potential s (fitted without noise)"), w.skipped());
            assertTrue(w.plots().containsKey("streamlines") && w.plots().containsKey("fate_probabilities"));
            assertTrue(Files.readString(w.html()).contains("Not drawn"));
        }
        Snapshots one = two.mapRows(List.of("x1"), (x, y) -> y[0] = x[0]);
        try (Session s = Session.create().preset("quick").config(SHORT + "\npretrain.epochs = 2\n"
                + "score.iterations = 5").seed(1).load(one)) {
            s.fit();
            Report.Written w = Report.write(s, s.evaluate(), dir.resolve("one"), null);
            assertEquals(Map.of(), w.skipped());
            assertEquals(List.of("loss_curves", "metrics", "weights", "fate_probabilities", "trend_x1"),
                    List.copyOf(w.plots().keySet()));
        }
    }
}
