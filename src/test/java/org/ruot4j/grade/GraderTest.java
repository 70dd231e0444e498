package org.ruot4j.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.ruot4j.cli.Main;
import org.ruot4j.kernel.KernelInstaller;

/**
 * `ruot4j grade` end to end with real Jupyter (quick mode): full marks for the generated solutions, 0 for the
 * unanswered student copy, and 0 for the exercises answered by the cheats of issue 14 — the session's
 * {@code hiddenSigma}, a constant, the library's {@code Losses.localMass} — while an honest answer next to them
 * keeps its points. HiddenTestsTest covers more cheats and wrong answers without Jupyter.
 */
class GraderTest {
    private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
    private static final Path NOTEBOOKS = ROOT.resolve("notebooks");

    @TempDir
    Path dir;

    private static void requireJupyter() {
        if (!Files.isExecutable(Grader.JUPYTER)) {
            fail("the grader needs Jupyter at " + Grader.JUPYTER + " (apt-get install jupyter-nbconvert python3-nbclient "
                    + "jupyter-client python3-ipykernel; .ci/run does)");
        }
    }

    private Grader grader(long seed) {
        Path prefix = dir.resolve("prefix");
        if (!Files.isDirectory(prefix)) {
            KernelInstaller.install(ROOT.resolve("kernel"), KernelInstaller.prefixKernelsDir(prefix),
                    KernelInstaller.currentJava(), KernelInstaller.jvmOptions(1, ROOT, List.of()),
                    KernelInstaller.currentClassPath());
        }
        return new Grader(NOTEBOOKS.resolve("solutions/05-assignment-tests.json"), prefix.resolve("share/jupyter"), seed,
                Duration.ofSeconds(600));
    }

    /** The student copy with some answers filled in. */
    private Path submission(String name, Map<String, String> answers) throws Exception {
        JsonObject nb = Grader.readJson(NOTEBOOKS.resolve("05-assignment.ipynb"), "notebook");
        for (JsonElement c : nb.getAsJsonArray("cells")) {
            JsonObject cell = c.getAsJsonObject();
            String id = cell.get("id").getAsString();
            if (answers.containsKey(id)) {
                cell.addProperty("source", answers.get(id));
            }
        }
        Path p = dir.resolve(name + ".ipynb");
        Files.writeString(p, new com.google.gson.GsonBuilder().serializeNulls().create().toJson(nb), StandardCharsets.UTF_8);
        return p;
    }

    private static Map<String, String> solutions() {
        JsonObject sol = Grader.readJson(NOTEBOOKS.resolve("solutions/05-assignment.json"), "solutions");
        Map<String, String> m = new java.util.HashMap<>();
        sol.keySet().forEach(k -> m.put(k, sol.get(k).getAsString()));
        return m;
    }

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void theGeneratedSolutionsGetFullMarksThroughTheCommandLine() throws Exception {
        requireJupyter();
        Path sol = dir.resolve("solutions.ipynb");
        Process p = new ProcessBuilder("/usr/bin/python3", NOTEBOOKS.resolve("make_solutions.py").toString(),
                NOTEBOOKS.resolve("05-assignment.ipynb").toString(), NOTEBOOKS.resolve("solutions/05-assignment.json")
                .toString(), sol.toString()).inheritIO().start();
        assertEquals(0, p.waitFor());
        Path out = dir.resolve("grades.json");
        assertEquals(0, Main.run("grade", sol.toString(), "--out", out.toString(), "--seed", "2026"));
        JsonObject g = JsonParser.parseString(Files.readString(out)).getAsJsonObject();
        assertEquals(8.0, g.get("max").getAsDouble(), g.toString());
        assertEquals(g.get("max").getAsDouble(), g.get("total").getAsDouble(), g.toString());
        assertEquals(4, g.getAsJsonArray("exercises").size());
        for (JsonElement e : g.getAsJsonArray("exercises")) {
            JsonObject o = e.getAsJsonObject();
            assertTrue(o.has("name") && o.has("points") && o.has("max") && o.has("message"), o.toString());
            assertEquals(o.get("max").getAsDouble(), o.get("points").getAsDouble(), o.toString());
        }
    }

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void theUnansweredStudentCopyGetsNothing() {
        requireJupyter();
        Grades g = grader(Grader.freshSeed()).grade(NOTEBOOKS.resolve("05-assignment.ipynb"));
        assertEquals(8.0, g.max(), g.toText());
        assertEquals(0.0, g.total(), g.toText());
        assertEquals("not answered", g.writtenAnswers());
    }

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void cheatsGetNothingAndHonestAnswersNextToThemKeepTheirPoints() throws Exception {
        requireJupyter();
        Map<String, String> answers = solutions();
        // 1: the library's reference implementation
        answers.put("ex1", HiddenTestsTest.REFERENCE_CALL);
        // 2: the hidden variable of the session
        answers.put("ex2", "double estimateSigma(Snapshots s) { return hiddenSigma; }");
        // 3b: a constant (the right one for this notebook's fit, perhaps)
        answers.put("ex3b", "String fasterGrowingFate(double[] meanG) { return \"gene 2 high\"; }");
        answers.put("written", "**Your answers**\n\nCells divide where g > 0, mostly in the gene-2 fate.");
        Path sub = submission("cheats", answers);
        Grades g = grader(Grader.freshSeed()).grade(sub);
        assertEquals(0.0, g.exercise("Exercise 1 · local mass loss").points(), g.toText());
        assertTrue(g.exercise("Exercise 1 · local mass loss").message().contains("does not accept"), g.toText());
        assertEquals(0.0, g.exercise("Exercise 2 · choosing σ").points(), g.toText());
        assertEquals(0.0, g.exercise("Exercise 3b · the faster-growing fate").points(), g.toText());
        assertEquals(2.0, g.exercise("Exercise 3a · mean growth by fate").points(), g.toText());
        assertTrue(g.writtenAnswers().startsWith("11 words"), g.writtenAnswers());
    }
}
