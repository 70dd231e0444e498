package org.ruot4j.notebooks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How NotebooksTest reads notebook 01's fit from the executed notebook (without running Jupyter). */
class QuickstartFitTest {
    @TempDir
    Path dir;

    private Path notebook(String... streamLines) throws IOException {
        StringBuilder text = new StringBuilder();
        for (String l : streamLines) {
            text.append(text.length() == 0 ? "" : ",").append('"').append(l).append("\\n\"");
        }
        String json = "{\"cells\": [{\"cell_type\": \"markdown\", \"source\": [\"per-fate growth sign: 0 0\"]},"
                + "{\"cell_type\": \"code\", \"outputs\": [{\"output_type\": \"stream\", \"name\": \"stdout\", \"text\": ["
                + text + "]}]}]}";
        Path p = dir.resolve("01.ipynb");
        Files.writeString(p, json);
        return p;
    }

    @Test
    void readsThePrintedLinesAndChecksTheBounds() throws IOException {
        QuickstartFit ok = QuickstartFit.read(notebook("ODE TMV: 0.0100 0.0320 0.0450 0.0500",
                "largest: 0.05 at t = 4", "per-fate growth sign: 0.970 0.998"));
        assertArrayEquals(new double[] {0.97, 0.998}, ok.perFateSign(), 0);
        assertArrayEquals(new double[] {0.01, 0.032, 0.045, 0.05}, ok.odeTmv(), 0);
        ok.assertMeetsIssue14();
        AssertionError e = assertThrows(AssertionError.class, () -> QuickstartFit.read(notebook(
                "ODE TMV: 0.0100 0.0580", "per-fate growth sign: 0.000 1.000")).assertMeetsIssue14());
        assertTrue(e.getMessage().contains("fate 1 growth sign 0.000") && e.getMessage().contains("t2 0.0580"),
                e.getMessage());
        assertThrows(AssertionError.class, () -> QuickstartFit.read(notebook("ODE TMV: 0.01")));
    }
}
