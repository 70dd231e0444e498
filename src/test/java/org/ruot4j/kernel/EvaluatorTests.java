package org.ruot4j.kernel;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The fixture of the tests that drive a {@link JavaEvaluator} without Jupyter: one evaluator per test class, on
 * this JVM's class path (the freshly compiled classes), closed after the class's last test. Starting JShell takes
 * seconds, so the tests of a class share it; each test class gets its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EvaluatorTests {
    JavaEvaluator eval;

    @BeforeAll
    void start() {
        eval = new JavaEvaluator(System.getProperty("java.class.path"));
    }

    @AfterAll
    void stop() {
        eval.close();
    }

    /** The error the cell {@code code} (cell number {@code cell}, first line 1) fails with. */
    CellError failure(String code, int cell) {
        return assertThrows(CellError.class, () -> eval.eval(code, cell, 1), code);
    }

    /** The traceback lines of {@code e} as one text. */
    static String trace(CellError e) {
        return String.join("\n", e.traceback());
    }
}
