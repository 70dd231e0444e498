package org.ruot4j.grade;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.ruot4j.RuotException;

/**
 * Grades a course assignment notebook in the spirit of nbgrader: the submission runs top to bottom in a fresh
 * ruot4j kernel ({@code jupyter nbconvert --execute --allow-errors}), followed by hidden test cells that the
 * student's notebook does not contain. The hidden tests call the student's functions on data and seeds made
 * fresh for this run (the seed is new each time unless given), so an answer that returns a constant, or a
 * value read from the notebook's session (the σ that generated the notebook's data), fails. The student's own
 * code cells are also read: an exercise whose answer calls the library's reference implementation (e.g.
 * {@code Losses.localMass}) or reaches code by reflection gets no points.
 *
 * <p>The hidden tests and the list of forbidden names come from a tests file written by
 * {@code notebooks/make_assignment.py} from the instructor's notebook (which a course keeps private; see the
 * README). Its layout: {@code {"assignment", "forbid_everywhere": [regex], "tests": [{"name", "points",
 * "forbid": [regex], "source"}], "given": [source of each code cell handed out], "written": [cell id]}}.
 *
 * @param tests the tests file
 * @param jupyterPath a directory with {@code kernels/ruot4j/kernel.json} (used as JUPYTER_PATH)
 * @param seed the seed of the hidden tests' data
 * @param cellTimeout how long one cell may run
 */
public record Grader(Path tests, Path jupyterPath, long seed, Duration cellTimeout) {
    static final Path JUPYTER = Path.of("/usr/bin/jupyter");

    /** A seed for a grading run, different each time. */
    public static long freshSeed() {
        return new SecureRandom().nextLong() & Long.MAX_VALUE;
    }

    /** Runs the submission and its hidden tests; returns the grades (nothing is written). */
    public Grades grade(Path submission) {
        JsonObject spec = readJson(tests, "tests file");
        JsonObject nb = readJson(submission, "notebook");
        if (!nb.has("cells") || !nb.get("cells").isJsonArray()) {
            throw new RuotException(submission + ": not a Jupyter notebook (no \"cells\" list)");
        }
        List<JsonObject> testList = new ArrayList<>();
        for (JsonElement e : array(spec, "tests")) {
            testList.add(e.getAsJsonObject());
        }
        String nonce = Long.toHexString(new SecureRandom().nextLong());
        Path work;
        try {
            work = Files.createTempDirectory("ruot4j-grade");
        } catch (IOException e) {
            throw new RuotException("grade: cannot create a temporary folder (" + e.getMessage() + ")");
        }
        try {
            JsonObject grading = gradingNotebook(nb, testList, nonce);
            Path in = work.resolve("grading.ipynb");
            // serializeNulls: nbformat requires "execution_count": null on unexecuted code cells
            Files.writeString(in, new GsonBuilder().serializeNulls().disableHtmlEscaping().create().toJson(grading),
                    StandardCharsets.UTF_8);
            Path executed = execute(in, work);
            JsonObject done = readJson(executed, "executed notebook");
            List<Grades.Exercise> results = results(done, testList, nonce);
            results = rejectForbidden(results, nb, spec, testList);
            return new Grades(results, seed, written(nb, spec));
        } catch (IOException e) {
            throw new RuotException("grade: " + e.getMessage());
        } finally {
            deleteTree(work);
        }
    }

    /** The submission with its outputs cleared and the hidden test cells appended. */
    JsonObject gradingNotebook(JsonObject nb, List<JsonObject> testList, String nonce) {
        JsonObject g = nb.deepCopy();
        JsonArray cells = g.getAsJsonArray("cells");
        for (JsonElement c : cells) {
            JsonObject cell = c.getAsJsonObject();
            if ("code".equals(str(cell, "cell_type"))) {
                cell.add("outputs", new JsonArray());
                cell.add("execution_count", null);
            }
        }
        for (int i = 0; i < testList.size(); i++) {
            JsonObject cell = new JsonObject();
            cell.addProperty("cell_type", "code");
            cell.addProperty("id", "hidden-test-" + i);
            JsonObject meta = new JsonObject();
            JsonObject ruot = new JsonObject();
            ruot.addProperty("hidden_test", i);
            meta.add("ruot4j", ruot);
            cell.add("metadata", meta);
            cell.add("outputs", new JsonArray());
            cell.add("execution_count", null);
            cell.addProperty("source", str(testList.get(i), "source").replace("{{seed}}", Long.toString(seed))
                    .replace("{{nonce}}", nonce));
            cells.add(cell);
        }
        JsonObject kernelspec = new JsonObject();
        kernelspec.addProperty("name", "ruot4j");
        kernelspec.addProperty("display_name", "Java (ruot4j)");
        kernelspec.addProperty("language", "java");
        if (!g.has("metadata") || !g.get("metadata").isJsonObject()) {
            g.add("metadata", new JsonObject());
        }
        g.getAsJsonObject("metadata").add("kernelspec", kernelspec);
        return g;
    }

    private Path execute(Path in, Path work) throws IOException {
        if (!Files.isExecutable(JUPYTER)) {
            throw new RuotException("grade: Jupyter is not installed at " + JUPYTER + " (apt-get install jupyter-nbconvert "
                    + "python3-nbclient jupyter-client python3-ipykernel)");
        }
        List<String> cmd = List.of(JUPYTER.toString(), "nbconvert", "--to", "notebook", "--execute", "--allow-errors",
                "--ExecutePreprocessor.kernel_name=ruot4j",
                "--ExecutePreprocessor.timeout=" + cellTimeout.toSeconds(),
                "--ExecutePreprocessor.startup_timeout=180", "--output", "executed.ipynb", in.getFileName().toString());
        Path log = work.resolve("nbconvert.log");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("JUPYTER_PATH", jupyterPath.toString());
        for (String d : List.of("runtime", "data", "config")) {
            Path p = Files.createDirectories(work.resolve("jupyter-" + d));
            env.put("JUPYTER_" + d.toUpperCase(java.util.Locale.ROOT) + "_DIR", p.toString());
        }
        env.putIfAbsent("RUOT4J_QUICK", "1");
        Process p = pb.start();
        try {
            // a notebook has at most a few dozen cells; past this something hangs outside any one cell
            if (!p.waitFor(cellTimeout.toSeconds() * 4 + 300, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new RuotException("grade: the notebook did not finish running (see the cell timeout, "
                        + cellTimeout.toSeconds() + " s)");
            }
        } catch (InterruptedException e) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new RuotException("grade: interrupted");
        }
        Path out = work.resolve("executed.ipynb");
        if (p.exitValue() != 0 || !Files.isRegularFile(out)) {
            String text = Files.readString(log, StandardCharsets.UTF_8).strip();
            List<String> lines = text.lines().toList();
            String tail = String.join(" | ", lines.subList(Math.max(0, lines.size() - 4), lines.size()));
            throw new RuotException("grade: jupyter nbconvert failed (exit " + p.exitValue() + "): " + tail);
        }
        return out;
    }

    /** Each hidden test's result: its last result line, or why it produced none. */
    static List<Grades.Exercise> results(JsonObject executed, List<JsonObject> testList, String nonce) {
        Map<Integer, JsonObject> cellOf = new HashMap<>();
        for (JsonElement c : executed.getAsJsonArray("cells")) {
            JsonObject cell = c.getAsJsonObject();
            JsonObject meta = cell.has("metadata") && cell.get("metadata").isJsonObject()
                    ? cell.getAsJsonObject("metadata") : new JsonObject();
            if (meta.has("ruot4j") && meta.getAsJsonObject("ruot4j").has("hidden_test")) {
                cellOf.put(meta.getAsJsonObject("ruot4j").get("hidden_test").getAsInt(), cell);
            }
        }
        String prefix = HiddenTest.MARKER + " " + nonce + " ";
        List<Grades.Exercise> out = new ArrayList<>();
        for (int i = 0; i < testList.size(); i++) {
            String name = str(testList.get(i), "name");
            double max = testList.get(i).get("points").getAsDouble();
            JsonObject cell = cellOf.get(i);
            JsonObject result = null;
            String error = "the hidden test did not run";
            if (cell != null) {
                for (JsonElement o : cell.getAsJsonArray("outputs")) {
                    JsonObject output = o.getAsJsonObject();
                    String type = str(output, "output_type");
                    if ("stream".equals(type) && "stdout".equals(str(output, "name"))) {
                        for (String line : text(output.get("text")).split("\n")) {
                            if (line.startsWith(prefix)) {
                                try {
                                    result = JsonParser.parseString(line.substring(prefix.length())).getAsJsonObject();
                                } catch (JsonParseException | IllegalStateException e) {
                                    // a garbled line counts as no result
                                }
                            }
                        }
                    } else if ("error".equals(type)) {
                        error = "the hidden test could not run: " + str(output, "ename") + ": " + str(output, "evalue");
                    }
                }
            }
            if (result == null) {
                out.add(new Grades.Exercise(name, 0, max, error));
            } else {
                double pts = Math.max(0, Math.min(max, result.get("points").getAsDouble()));
                out.add(new Grades.Exercise(name, pts, max, str(result, "message")));
            }
        }
        return out;
    }

    /** Zero for an exercise whose answer uses what its test forbids (the reference implementation, reflection). */
    static List<Grades.Exercise> rejectForbidden(List<Grades.Exercise> results, JsonObject nb, JsonObject spec,
            List<JsonObject> testList) {
        String code = studentCode(nb, spec);
        List<String> everywhere = strings(spec, "forbid_everywhere");
        List<Grades.Exercise> out = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            Grades.Exercise r = results.get(i);
            List<String> forbid = new ArrayList<>(everywhere);
            forbid.addAll(strings(testList.get(i), "forbid"));
            String hit = null;
            for (String regex : forbid) {
                java.util.regex.Matcher m = Pattern.compile(regex).matcher(code);
                if (m.find()) {
                    hit = m.group();
                    break;
                }
            }
            out.add(hit == null ? r : new Grades.Exercise(r.name(), 0, r.max(), "your code uses '" + hit
                    + "', which this exercise does not accept (the reference implementation, or reflection): write the "
                    + "computation yourself"));
        }
        return out;
    }

    /** The code the student wrote: every code cell not handed out as it is, comments removed. */
    static String studentCode(JsonObject nb, JsonObject spec) {
        Set<String> given = new HashSet<>();
        for (String s : strings(spec, "given")) {
            given.add(s.strip());
        }
        StringBuilder sb = new StringBuilder();
        for (JsonElement c : nb.getAsJsonArray("cells")) {
            JsonObject cell = c.getAsJsonObject();
            if (!"code".equals(str(cell, "cell_type"))) {
                continue;
            }
            String src = text(cell.get("source"));
            if (!given.contains(src.strip())) {
                sb.append(src.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\n]*", " ")).append('\n');
            }
        }
        return sb.toString();
    }

    /** What the written-answer cells hold, in a few words. */
    static String written(JsonObject nb, JsonObject spec) {
        Set<String> ids = new HashSet<>(strings(spec, "written"));
        int words = 0;
        boolean found = false;
        for (JsonElement c : nb.getAsJsonArray("cells")) {
            JsonObject cell = c.getAsJsonObject();
            if (ids.contains(str(cell, "id"))) {
                found = true;
                String t = text(cell.get("source")).replaceAll("(?m)^\\*\\*Your answers?\\*\\*.*$", "")
                        .replace("*Write here.*", "").strip();
                words += t.isEmpty() ? 0 : t.split("\\s+").length;
            }
        }
        if (ids.isEmpty()) {
            return "";
        }
        return !found ? "the written-answer cell is missing" : words == 0 ? "not answered"
                : words + " words, to be read by the instructor (not graded automatically)";
    }

    /* ---------------------------------------------------------------- JSON helpers */

    static JsonObject readJson(Path p, String what) {
        try {
            return JsonParser.parseString(Files.readString(p, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException e) {
            throw new RuotException(p + ": cannot read the " + what + " (" + e.getMessage() + ")");
        } catch (JsonParseException | IllegalStateException e) {
            String why = String.valueOf(e.getMessage()).lines().findFirst().orElse("")
                    .replaceFirst("^[\\w.]+Exception: ", "").replaceFirst("^Use JsonReader.setStrictness\\([^)]*\\) to accept "
                            + "malformed JSON ", "malformed JSON ");
            throw new RuotException(p + ": the " + what + " is not a JSON object (" + why + ")");
        }
    }

    private static JsonArray array(JsonObject o, String key) {
        if (!o.has(key) || !o.get(key).isJsonArray()) {
            throw new RuotException("tests file: no \"" + key + "\" list");
        }
        return o.getAsJsonArray(key);
    }

    private static List<String> strings(JsonObject o, String key) {
        List<String> out = new ArrayList<>();
        if (o.has(key) && o.get(key).isJsonArray()) {
            for (JsonElement e : o.getAsJsonArray(key)) {
                out.add(e.getAsString());
            }
        }
        return out;
    }

    private static String str(JsonObject o, String key) {
        return o.has(key) && o.get(key).isJsonPrimitive() ? o.get(key).getAsString() : "";
    }

    /** A notebook text field: a string or a list of strings. */
    static String text(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            return "";
        }
        if (e.isJsonArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonElement x : e.getAsJsonArray()) {
                sb.append(x.getAsString());
            }
            return sb.toString();
        }
        return e.getAsString();
    }

    private static void deleteTree(Path dir) {
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }
}
