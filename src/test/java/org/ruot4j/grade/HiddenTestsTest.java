package org.ruot4j.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ruot4j.kernel.CellError;
import org.ruot4j.kernel.JavaEvaluator;
import org.ruot4j.kernel.RuotKernel;

/**
 * The assignment's hidden tests (notebooks/solutions/05-assignment-tests.json) in JShell without Jupyter: full
 * marks for the solutions; no points for the three cheats of issue 14 (the session's hidden σ, the constant a
 * check prints, the library's Losses.localMass) nor for the wrong answers the old checks let through (a wrong
 * tie-break, forgetting to divide by t1 − t0, counting ties in a fate). GraderTest runs the whole `grade`.
 */
class HiddenTestsTest {
    /** A cheat at exercise 1: the student's function calls the library's reference implementation. */
    static final String REFERENCE_CALL = "double localMassLoss(double[][] particles, double[] weights, double[][] cells, double r) {\n"
            + "    int n = particles.length, d = particles[0].length;\n"
            + "    double[] xf = new double[n * d], yf = new double[cells.length * d];\n"
            + "    for (int i = 0; i < n; i++) for (int k = 0; k < d; k++) xf[i * d + k] = particles[i][k];\n"
            + "    for (int j = 0; j < cells.length; j++) for (int k = 0; k < d; k++) yf[j * d + k] = cells[j][k];\n"
            + "    try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {\n"
            + "        return Losses.localMass(Tensors.of(m, xf, new ai.djl.ndarray.types.Shape(n, d)),\n"
            + "            Tensors.of(m, weights, new ai.djl.ndarray.types.Shape(n, 1)), yf, r).toDoubleArray()[0];\n"
            + "    }\n}";
    private static final Path NOTEBOOKS = Path.of(System.getProperty("basedir", ".")).resolve("notebooks");
    private JavaEvaluator eval;
    private JsonObject spec;
    private Map<String, String> solutions;

    @BeforeEach
    void setUp() throws Exception {
        spec = Grader.readJson(NOTEBOOKS.resolve("solutions/05-assignment-tests.json"), "tests");
        solutions = new LinkedHashMap<>();
        JsonObject sol = Grader.readJson(NOTEBOOKS.resolve("solutions/05-assignment.json"), "solutions");
        for (String k : sol.keySet()) {
            solutions.put(k, sol.get(k).getAsString());
        }
        eval = new JavaEvaluator(System.getProperty("java.class.path"));
        StringBuilder imports = new StringBuilder();
        for (String imp : RuotKernel.defaultImports()) {
            if (!imp.contains("jjava")) {
                imports.append("import ").append(imp).append(";\n");
            }
        }
        eval.eval(imports.toString(), 0, 1);
        // the notebook's session data the cheats read: hiddenSigma and the diffusion snapshots (cell c06)
        JsonObject nb = Grader.readJson(NOTEBOOKS.resolve("05-assignment.ipynb"), "notebook");
        for (JsonElement c : nb.getAsJsonArray("cells")) {
            JsonObject cell = c.getAsJsonObject();
            if (cell.get("id").getAsString().equals("c06") || cell.get("id").getAsString().equals("c01")) {
                eval.eval(Grader.text(cell.get("source")), 1, 1);
            }
        }
    }

    @AfterEach
    void tearDown() {
        eval.close();
    }

    /** Defines the answers (solutions with {@code replace} swapped in) and returns each hidden test's result. */
    private Map<String, JsonObject> grade(Map<String, String> replace, long seed) {
        for (Map.Entry<String, String> e : solutions.entrySet()) {
            eval.eval(replace.getOrDefault(e.getKey(), e.getValue()), 2, 1);
        }
        Map<String, JsonObject> out = new LinkedHashMap<>();
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            for (JsonElement t : spec.getAsJsonArray("tests")) {
                String src = t.getAsJsonObject().get("source").getAsString().replace("{{seed}}", Long.toString(seed))
                        .replace("{{nonce}}", "n0");
                try {
                    eval.eval(src, 3, 1);
                } catch (CellError e) {
                    throw new AssertionError("hidden test of " + t.getAsJsonObject().get("name") + " does not run: "
                            + e.traceback());
                }
            }
        } finally {
            System.setOut(old);
        }
        for (String line : buf.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith(HiddenTest.MARKER + " n0 ")) {
                JsonObject o = JsonParser.parseString(line.substring(HiddenTest.MARKER.length() + 4)).getAsJsonObject();
                out.put(o.get("name").getAsString(), o);
            }
        }
        assertEquals(4, out.size(), buf.toString(StandardCharsets.UTF_8));
        return out;
    }

    /** The points of every exercise named in {@code expected} (by the start of its name) are the ones given. */
    private static void assertPoints(Map<String, JsonObject> r, Map<String, Integer> expected) {
        expected.forEach((exercise, want) -> assertEquals(want.doubleValue(), points(r, exercise), exercise + ": " + r));
    }

    private static double points(Map<String, JsonObject> r, String prefix) {
        return r.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).findFirst().orElseThrow()
                .getValue().get("points").getAsDouble();
    }

    @Test
    void solutionsGetFullMarksForSeveralSeeds() {
        for (long seed : new long[] {1, 77, 123456789}) {
            Map<String, JsonObject> r = grade(Map.of(), seed);
            for (JsonObject o : r.values()) {
                assertEquals(o.get("max").getAsDouble(), o.get("points").getAsDouble(), o.toString());
            }
        }
    }

    @Test
    void theHiddenSigmaOfTheSessionEarnsNothing() {
        Map<String, JsonObject> r = grade(Map.of("ex2", "double estimateSigma(Snapshots s) { return hiddenSigma; }"), 5);
        assertPoints(r, Map.of("Exercise 2", 0, "Exercise 1", 3));
    }

    @Test
    void theConstantsTheChecksPrintEarnNothing() {
        // check 1's hand case is 0.25; check 2 prints the true σ of the notebook's data; 3b has one of two answers
        double printed = ((Number) eval.eval("hiddenSigma", 1, 1).value()).doubleValue();
        Map<String, JsonObject> r = grade(Map.of(
                "ex1", "double localMassLoss(double[][] p, double[] w, double[][] c, double r) { return 0.25; }",
                "ex2", "double estimateSigma(Snapshots s) { return " + String.format(java.util.Locale.ROOT, "%.3f", printed) + "; }",
                "ex3b", "String fasterGrowingFate(double[] meanG) { return \"gene 2 high\"; }"), 9);
        assertPoints(r, Map.of("Exercise 1", 0, "Exercise 2", 0, "Exercise 3b", 0, "Exercise 3a", 2));
    }

    @Test
    void wrongAnswersTheOldChecksPassedNowFail() {
        String lastIndexTies = solutions.get("ex1").replace("if (d2 < best)", "if (d2 <= best)");
        String noDivide = solutions.get("ex2").replace(" / (s.time(1) - s.time(0))", "");
        String tiesCounted = solutions.get("ex3a").replace("else if (cells[i][1] > cells[i][0])", "else");
        assertTrue(!lastIndexTies.equals(solutions.get("ex1")) && !noDivide.equals(solutions.get("ex2"))
                && !tiesCounted.equals(solutions.get("ex3a")), "the solutions changed: update these mutations");
        Map<String, JsonObject> r = grade(Map.of("ex1", lastIndexTies, "ex2", noDivide, "ex3a", tiesCounted), 11);
        assertPoints(r, Map.of("Exercise 1", 0, "Exercise 2", 0, "Exercise 3a", 0, "Exercise 3b", 1));
    }

    @Test
    void callingTheReferenceImplementationIsRejected() {
        String cheat = REFERENCE_CALL;
        Map<String, JsonObject> r = grade(Map.of("ex1", cheat), 3);
        // it computes the right numbers, so the hidden test alone passes it ...
        assertEquals(3, points(r, "Exercise 1"), r.toString());
        // ... and the grader's reading of the student's code takes the points away
        JsonObject nb = Grader.readJson(NOTEBOOKS.resolve("05-assignment.ipynb"), "notebook");
        for (JsonElement c : nb.getAsJsonArray("cells")) {
            JsonObject cell = c.getAsJsonObject();
            if (cell.get("id").getAsString().equals("ex1")) {
                cell.addProperty("source", cheat);
            }
        }
        List<Grades.Exercise> results = new ArrayList<>();
        for (JsonElement t : spec.getAsJsonArray("tests")) {
            JsonObject o = t.getAsJsonObject();
            results.add(new Grades.Exercise(o.get("name").getAsString(), o.get("points").getAsDouble(),
                    o.get("points").getAsDouble(), "ok"));
        }
        List<JsonObject> tests = new ArrayList<>();
        spec.getAsJsonArray("tests").forEach(t -> tests.add(t.getAsJsonObject()));
        List<Grades.Exercise> judged = Grader.rejectForbidden(results, nb, spec, tests);
        assertEquals(0, judged.get(0).points(), judged.get(0).toString());
        assertTrue(judged.get(0).message().contains("'Losses'") || judged.get(0).message().contains("'localMass'"),
                judged.get(0).message());
        for (int i = 1; i < judged.size(); i++) {
            assertEquals(judged.get(i).max(), judged.get(i).points(), judged.get(i).toString());
        }
        // the check cells handed out mention Losses.localMass themselves: they are not the student's code
        assertTrue(!Grader.studentCode(Grader.readJson(NOTEBOOKS.resolve("05-assignment.ipynb"), "notebook"), spec)
                .contains("Losses"));
    }
}
