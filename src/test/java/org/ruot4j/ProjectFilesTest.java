package org.ruot4j;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The licence and the citation a course or a company looks for. */
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
}
