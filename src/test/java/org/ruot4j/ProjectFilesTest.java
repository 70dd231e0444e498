package org.ruot4j;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The licence and the citation a course or a company looks for, and the size limits that keep the shells thin and the
 * layers readable (issue 13: no file in cli/ over 120 lines, Trainer under 500, no file in plot/ over 600).
 */
class ProjectFilesTest {
    @Test
    void apacheLicenceInLicenseAndPom() throws Exception {
        String license = Files.readString(Path.of("LICENSE"));
        assertTrue(license.contains("Apache License") && license.contains("Version 2.0, January 2004")
                && license.contains("TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION"), "LICENSE is Apache-2.0");
        String pom = Files.readString(Path.of("pom.xml"));
        assertTrue(pom.contains("<name>Apache-2.0</name>"), "pom.xml declares the licence");
    }

    @Test
    void citationNamesTheDeepRuotPaper() throws Exception {
        String cff = Files.readString(Path.of("CITATION.cff"));
        assertTrue(cff.startsWith("cff-version: 1.2.0"), "a CITATION.cff file");
        assertTrue(cff.contains("Learning Stochastic Dynamics from Snapshots through Regularized Unbalanced Optimal Transport"));
        for (String author : new String[] {"Zhang", "Zhenyi", "Li", "Tiejun", "Zhou", "Peijie"}) {
            assertTrue(cff.contains(author), author);
        }
        assertTrue(cff.contains("ICLR 2025") && cff.contains("2410.00844") && cff.contains("license: Apache-2.0"));
    }

    @Test
    void shellsStayThinAndFilesReadable() throws Exception {
        Path src = Path.of("src/main/java/org/ruot4j");
        try (var cli = Files.list(src.resolve("cli")); var plot = Files.list(src.resolve("plot"))) {
            for (Path f : cli.toList()) {
                long n = Files.readAllLines(f).size();
                assertTrue(n <= 120, f + " has " + n + " lines: a CLI command is a shell over Session and FitRun");
            }
            for (Path f : plot.toList()) {
                long n = Files.readAllLines(f).size();
                assertTrue(n <= 600, f + " has " + n + " lines: split plot files by job");
            }
        }
        long trainer = Files.readAllLines(src.resolve("train/Trainer.java")).size();
        assertTrue(trainer < 500, "Trainer.java has " + trainer + " lines: rollouts, losses and selection live in their own units");
    }
}
