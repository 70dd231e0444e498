package org.ruot4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.junit.jupiter.api.Test;

/** The JShell evaluator on its own, without Jupyter: values, declarations, errors, completion, stop. */
class JavaEvaluatorTest extends EvaluatorTests {

    @Test
    void expressionValueIsTheLiveObjectOfTheLastSnippet() {
        JavaEvaluator.Result r = eval.eval("int a = 20;\nint b = 22;\na + b", 1, 1);
        assertTrue(r.hasValue());
        assertEquals(42, r.value());
        assertEquals("int", r.typeName());
        // The same object comes back, not a copy or its string form.
        eval.eval("var list = new java.util.ArrayList<String>(); list.add(\"x\");", 2, 1);
        Object first = eval.eval("list", 3, 1).value();
        Object second = eval.eval("list", 4, 1).value();
        assertSame(first, second);
        assertEquals(List.of("x"), first);
    }

    @Test
    void declarationsAndStatementsHaveNoValue() {
        assertFalse(eval.eval("int c = 3;", 1, 1).hasValue());
        assertFalse(eval.eval("System.out.print(\"\");", 1, 1).hasValue());
        assertFalse(eval.eval("int twice(int x) { return 2 * x; }", 1, 1).hasValue());
        assertEquals(14, eval.eval("twice(7)", 1, 1).value());
        assertFalse(eval.eval("record P(int x, int y) {}", 1, 1).hasValue());
        assertEquals("P[x=1, y=2]", eval.eval("new P(1, 2)", 1, 1).value().toString());
        // Redefinition replaces the method, as in a notebook one re-runs a cell after editing it.
        eval.eval("int twice(int x) { return x + x + 1; }", 1, 1);
        assertEquals(15, eval.eval("twice(7)", 1, 1).value());
    }

    @Test
    void compileErrorNamesTheCellLineAndColumn() {
        CellError e = failure("int ok = 1;\nint bad = undefinedName + 1;", 5);
        assertEquals("CompilationError", e.name());
        String trace = trace(e);
        assertTrue(trace.contains("cell line 2"), trace);
        assertTrue(e.value().contains("cannot find symbol"), e.value());
        // The caret sits under the undefined name: column of "undefinedName" in line 2 is 10.
        String caretLine = e.traceback().stream().filter(l -> l.strip().equals("^")).findFirst().orElseThrow();
        assertEquals(4 + 10, caretLine.indexOf('^'));
    }

    @Test
    void runtimeErrorKeepsAReadableJavaStackTrace() {
        eval.eval("int divide(int a, int b) {\n  return a / b;\n}", 7, 1);
        CellError e = failure("int z = 0;\ndivide(1, z)", 8);
        assertEquals("java.lang.ArithmeticException", e.name());
        assertEquals("/ by zero", e.value());
        String trace = trace(e);
        assertTrue(trace.contains("divide (cell [7], line 2)"), trace);
        assertTrue(trace.contains("cell code (cell [8], line 2)"), trace);
        assertFalse(trace.contains("jdk.jshell"), trace);
    }

    @Test
    void causesAreShown() {
        CellError e = failure("throw new IllegalStateException(\"outer\", new java.io.IOException(\"inner\"));", 9);
        String trace = trace(e);
        assertTrue(trace.contains("Caused by: "), trace);
        assertTrue(trace.contains("java.io.IOException"), trace);
    }

    @Test
    void ruotExceptionIsOneLineWithoutStackTrace() {
        CellError e = failure("throw new org.ruot4j.RuotException(\"data.csv line 3: expected a number\");", 1);
        assertEquals("RuotException", e.name());
        assertEquals(1, e.traceback().size());
        assertTrue(e.traceback().get(0).endsWith("data.csv line 3: expected a number"));
    }

    @Test
    void outOfMemoryInACellLeavesTheEvaluatorUsable() {
        // 16 GiB: over any test heap
        CellError e = failure("long[] hog = new long[Integer.MAX_VALUE - 8]; hog.length", 1);
        assertEquals("java.lang.OutOfMemoryError", e.name());
        assertEquals(3, eval.eval("1 + 2", 2, 1).value());
    }

    @Test
    void stopEndsAnEndlessLoopAndTheNextCellWorks() throws Exception {
        Thread stopper = new Thread(() -> {
            try {
                while (!eval.isRunning()) {
                    Thread.sleep(10);
                }
                Thread.sleep(200);
                eval.stop();
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        stopper.start();
        CellError e = failure("long n = 0; while (true) { n++; }", 1);
        stopper.join();
        assertEquals("Interrupted", e.name());
        assertEquals(5, eval.eval("2 + 3", 2, 1).value());
    }

    @Test
    void isCompleteTellsUnfinishedCodeAndItsIndent() {
        assertEquals("complete", eval.isComplete("int x = 1;"));
        assertEquals("complete", eval.isComplete("1 + 1"));
        assertEquals("    ", eval.isComplete("for (int i = 0; i < 3; i++) {"));
        assertEquals("        ", eval.isComplete("void f() {\n    if (true) {"));
        assertEquals("", eval.isComplete("int y = 1 +"));
        assertEquals("invalid", eval.isComplete("int 3x = )"));
    }

    @Test
    void completesMembersAndNames() {
        eval.eval("String greeting = \"hi\";", 1, 1);
        String code = "int k = 1;\ngreeting.toUpp";
        ReplacementOptions o = eval.complete(code, code.length());
        assertTrue(o.getReplacements().stream().anyMatch(s -> s.startsWith("toUpperCase")), o.getReplacements().toString());
        assertEquals(code.indexOf("toUpp"), o.getSourceStart());
        assertEquals(code.length(), o.getSourceEnd());
        ReplacementOptions names = eval.complete("gree", 4);
        assertTrue(names.getReplacements().contains("greeting"), names.getReplacements().toString());
    }

    @Test
    void jarsAddedLaterAreUsableInTheNextCells(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path src = dir.resolve("demo/Greeter.java");
        java.nio.file.Files.createDirectories(src.getParent());
        java.nio.file.Files.writeString(src, "package demo; public class Greeter { public String hi(String n) { "
                + "return \"hi \" + n; } }");
        javax.tools.JavaCompiler javac = javax.tools.ToolProvider.getSystemJavaCompiler();
        java.nio.file.Path classes = dir.resolve("classes");
        assertEquals(0, javac.run(null, null, null, "-d", classes.toString(), src.toString()));
        java.nio.file.Path jar = dir.resolve("greeter.jar");
        try (var out = new java.util.jar.JarOutputStream(java.nio.file.Files.newOutputStream(jar))) {
            out.putNextEntry(new java.util.jar.JarEntry("demo/Greeter.class"));
            out.write(java.nio.file.Files.readAllBytes(classes.resolve("demo/Greeter.class")));
        }
        assertThrows(CellError.class, () -> eval.eval("new demo.Greeter()", 1, 1));
        ClasspathMagics magics = new ClasspathMagics(eval, LocalMavenRepository.userDefault(), o -> { });
        magics.jars(List.of(dir.resolve("*.jar").toString()));
        assertTrue(eval.classPath().contains(jar.toString()));
        assertEquals("hi ruot", eval.eval("new demo.Greeter().hi(\"ruot\")", 2, 1).value());
    }

    @Test
    void inspectShowsSignaturesAndVariables() {
        String doc = eval.inspect("Math.max", 6, false);
        assertNotNull(doc);
        assertTrue(doc.contains("max(int"), doc);
        eval.eval("double[] weights = {0.25, 0.75};", 1, 1);
        String v = eval.inspect("weights", 3, false);
        assertNotNull(v);
        assertTrue(v.contains("double[]") && v.contains("0.25"), v);
    }
}
