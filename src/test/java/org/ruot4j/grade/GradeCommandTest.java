package org.ruot4j.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ruot4j.cli.Main;

/** Bad input to `ruot4j grade`: one line naming the file, exit 1, no grades.json written. */
class GradeCommandTest {
    @TempDir
    Path dir;

    private String run(String... args) {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertEquals(1, Main.run(args));
        } finally {
            System.setErr(old);
        }
        return err.toString(StandardCharsets.UTF_8).strip();
    }

    @Test
    void badSubmissionsAreOneLineErrors() throws Exception {
        Path out = dir.resolve("grades.json");
        String missing = run("grade", dir.resolve("nope.ipynb").toString(), "--out", out.toString());
        assertTrue(missing.startsWith("ruot4j: grade: ") && missing.contains("nope.ipynb does not exist"), missing);
        Path text = dir.resolve("essay.ipynb");
        Files.writeString(text, "my answers are in here somewhere");
        String notJson = run("grade", text.toString(), "--out", out.toString());
        assertTrue(notJson.contains("essay.ipynb: the notebook is not a JSON object"), notJson);
        assertEquals(1, notJson.lines().count(), notJson);
        Files.writeString(text, "{\"metadata\": {}}");
        String noCells = run("grade", text.toString(), "--out", out.toString());
        assertTrue(noCells.contains("not a Jupyter notebook (no \"cells\" list)"), noCells);
        String noTests = run("grade", text.toString(), "--out", out.toString(), "--tests", dir.resolve("t.json").toString());
        assertTrue(noTests.contains("no tests file at"), noTests);
        assertFalse(Files.exists(out));
    }
}
