package org.ruot4j.kernel;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The fixture of the tests that drive the installed kernel through Jupyter: a fresh directory per test. */
abstract class JupyterTests {
    @TempDir
    Path dir;

    /** The test's directory made ready for Jupyter with the named resources copied in ({@link JupyterSupport#workspace}). */
    JupyterSupport.Workspace workspace(String... resources) throws Exception {
        return JupyterSupport.workspace(dir, resources);
    }
}
