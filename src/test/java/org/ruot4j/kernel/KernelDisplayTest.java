package org.ruot4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.Base64;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.common.Image;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.Test;

/**
 * Issue 14/13/17 kernel items without Jupyter: arrays as text, strict PNGs, Javadoc on inspect, System.exit
 * trapped, OutOfMemoryError named as such. (KernelFeaturesTest drives the same through a real Jupyter client.)
 */
class KernelDisplayTest extends EvaluatorTests {

    @Test
    void primitiveAndNestedArraysPrintLikeNumpy() {
        assertEquals("double[3]\n[0.5, 1.0, -2.25]", ArrayText.format(new double[] {0.5, 1, -2.25}));
        assertEquals("int[2][3]\n[[1, 2, 3],\n [4, 5, 6]]", ArrayText.format(new int[][] {{1, 2, 3}, {4, 5, 6}}));
        assertEquals("String[2]\n[\"a\", null]", ArrayText.format(new String[] {"a", null}));
        assertEquals("int[2][?]\n[[1],\n [2, 3]]", ArrayText.format(new int[][] {{1}, {2, 3}}));
        assertEquals("boolean[0]\n[]", ArrayText.format(new boolean[0]));
    }

    @Test
    void largeArraysAreSummarisedAtBothEnds() {
        double[] big = new double[1_000_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = i;
        }
        assertEquals("double[1000000]\n[0.0, 1.0, 2.0, ..., 999997.0, 999998.0, 999999.0]", ArrayText.format(big));
        // exactly at the threshold: every element
        assertEquals(ArrayText.THRESHOLD, ArrayText.format(new int[ArrayText.THRESHOLD]).split(",").length);
        int[][] grid = new int[100][100];
        grid[99][99] = 7;
        String text = ArrayText.format(grid);
        assertEquals("int[100][100]", text.lines().findFirst().orElseThrow());
        assertEquals(8, text.lines().count(), text); // header, 3 rows, "...", 3 rows
        assertTrue(text.endsWith("[0, 0, 0, ..., 0, 0, 7]]"), text);
    }

    @Test
    void theNotebookRendererShowsArraysAsText() {
        NotebookRenderer r = new NotebookRenderer();
        Renderers.registerAll(r);
        DisplayData d = r.render(new double[][] {{1, 2}});
        assertEquals("double[1][2]\n[[1.0, 2.0]]", d.getData(MIMEType.TEXT_PLAIN));
        assertFalse(String.valueOf(d.getData(MIMEType.TEXT_PLAIN)).contains("[D@"));
    }

    @Test
    void imagesAreCompletePngsEvenAfterJjavasOwnRenderer() throws Exception {
        NotebookRenderer r = new NotebookRenderer();
        Image.registerAll(r); // what jjava-jupyter's BaseKernel registers first
        Renderers.registerAll(r);
        // sizes whose PNG length is not a multiple of 3 lost their last bytes with jjava's encoder
        for (int size = 5; size < 40; size += 3) {
            BufferedImage img = new BufferedImage(size, size + 1, BufferedImage.TYPE_INT_RGB);
            img.setRGB(1, 1, 0xff0000);
            Object b64 = r.render(img).getData(MIMEType.IMAGE_PNG);
            assertNotNull(b64);
            byte[] png = Base64.getDecoder().decode(b64.toString());
            StrictPng.check(png);
        }
    }

    @Test
    void systemExitInACellIsTrappedAndTheStateKept() {
        eval.eval("int kept = 41;", 1, 1);
        for (String call : new String[] {"System.exit(1);", "Runtime.getRuntime().exit(2);", "Runtime.getRuntime().halt(3);",
                "java.util.function.IntConsumer quit = System::exit; quit.accept(4);",
                "try { System.exit(5); } catch (Exception e) { System.out.println(\"swallowed\"); }",
                "void leave() { System.exit(6); }\nleave();"}) {
            CellError e = failure(call, 2);
            assertEquals("SystemExit", e.name(), call + ": " + e.traceback());
            assertTrue(e.value().contains("was called in the cell; the kernel does not exit"), e.value());
        }
        assertEquals(42, eval.eval("kept + 1", 3, 1).value());
    }

    @Test
    void outOfMemoryIsReportedAsMemoryWithTheFix() {
        // a library wrapping the error (DJL: "Failed to load PyTorch native library") is still named as memory
        CellError wrapped = RuotKernel.asCellError(new IllegalStateException("Failed to load PyTorch native library",
                new OutOfMemoryError("Java heap space")));
        assertEquals("java.lang.OutOfMemoryError", wrapped.name());
        assertTrue(wrapped.value().startsWith("out of memory: ") && wrapped.value().contains("Failed to load PyTorch"),
                wrapped.value());
    }

    @Test
    void inspectShowsTheJavadocOfRuotClasses() {
        eval.eval("import org.ruot4j.*; import org.ruot4j.analysis.*;", 1, 1);
        String code = "Session.create().load(";
        String brief = eval.inspect(code, code.length() - 1, false);
        String full = eval.inspect(code, code.length() - 1, true);
        assertNotNull(full);
        assertTrue(full.contains("Session Session.load(String pathOrName)"), full);
        // the method's doc comment, from the sources packaged into the jar
        String doc = JavadocIndex.shared().lookup("Session Session.load(String pathOrName)", true);
        assertNotNull(doc, "no Javadoc for Session.load in " + JavadocIndex.ROOT);
        assertTrue(full.contains(doc.lines().findFirst().orElseThrow()), full);
        assertTrue(brief.length() <= full.length(), brief);
        // a class and a constructor
        String cls = eval.inspect("GrowthMap", 3, true);
        assertTrue(cls.contains("g") && cls.lines().count() > 1, cls);
        assertNotNull(JavadocIndex.shared().lookup("org.ruot4j.analysis.GrowthMap", true));
        assertTrue(JavadocIndex.shared().lookup(
                "GrowthMap org.ruot4j.analysis.GrowthMap.compute(Fields fields, org.ruot4j.data.Snapshots data, double tolerance)",
                true).startsWith("Evaluates g at every cell"));
        // an overload without a comment of its own shows its documented sibling's
        assertNotNull(JavadocIndex.shared().lookup(
                "GrowthMap org.ruot4j.analysis.GrowthMap.compute(Fields fields, org.ruot4j.data.Snapshots data)", true));
    }

    @Test
    void javadocMarkupBecomesPlainText() {
        assertEquals("Uses x.y and the Session.\n\n - one", JavadocIndex.plain(
                "Uses {@code x.y} and the {@link Session}.\n<p>\n<ul><li>one</ul>"));
        assertEquals("First one.", JavadocIndex.firstSentence("First one. Second."));
    }
}
