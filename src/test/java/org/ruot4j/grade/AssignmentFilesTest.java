package org.ruot4j.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The student copy, the solutions and the hidden tests in the repository are what make_assignment.py writes
 * from the instructor's notebook (so an edit of one without the others fails here), and make_solutions.py
 * still builds the solutions copy from the three arguments the README names.
 */
class AssignmentFilesTest {
    private static final Path NOTEBOOKS = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("notebooks");

    @TempDir
    Path dir;

    private static int run(List<String> cmd) throws Exception {
        return new ProcessBuilder(cmd).inheritIO().start().waitFor();
    }

    @Test
    void committedFilesAreGeneratedFromTheInstructorNotebook() throws Exception {
        Path student = dir.resolve("student.ipynb");
        Path sol = dir.resolve("sol.json");
        Path tests = dir.resolve("tests.json");
        assertEquals(0, run(List.of("/usr/bin/python3", NOTEBOOKS.resolve("make_assignment.py").toString(),
                NOTEBOOKS.resolve("instructor/05-assignment.ipynb").toString(), student.toString(), sol.toString(),
                tests.toString())));
        assertEquals(Files.readString(NOTEBOOKS.resolve("05-assignment.ipynb")), Files.readString(student),
                "notebooks/05-assignment.ipynb is stale: run notebooks/make_assignment.py");
        assertEquals(Files.readString(NOTEBOOKS.resolve("solutions/05-assignment.json")), Files.readString(sol));
        assertEquals(Files.readString(NOTEBOOKS.resolve("solutions/05-assignment-tests.json")), Files.readString(tests));
        String handedOut = Files.readString(student);
        for (String secret : List.of("HiddenTest", "hidden-test", "{{seed}}", "Ref.loss")) {
            assertEquals(-1, handedOut.indexOf(secret), "the student copy contains " + secret);
        }
        Path copy = dir.resolve("solutions.ipynb");
        assertEquals(0, run(List.of("/usr/bin/python3", NOTEBOOKS.resolve("make_solutions.py").toString(),
                student.toString(), sol.toString(), copy.toString())));
        assertEquals(true, Files.readString(copy).contains("return meanG[1] > meanG[0]"));
    }
}
