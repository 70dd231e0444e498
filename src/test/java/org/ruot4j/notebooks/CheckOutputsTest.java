package org.ruot4j.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ruot4j.kernel.Renderers;
import org.ruot4j.kernel.StrictPng;

/**
 * notebooks/check_outputs.py and StrictPng refuse a PNG cut short the way jjava-jupyter's unclosed base64 stream
 * cut them (the last 1–2 bytes of IEND's CRC gone, no padding) and accept the kernel's own encoding.
 */
class CheckOutputsTest {
    @TempDir
    Path dir;

    private int check(String b64) throws Exception {
        String nb = "{\"cells\": [{\"cell_type\": \"code\", \"execution_count\": 1, \"source\": \"x\", \"metadata\": {},"
                + " \"outputs\": [{\"output_type\": \"display_data\", \"metadata\": {}, \"data\": {\"text/html\": \"<b>t</b>\","
                + " \"image/png\": \"" + b64 + "\"}}]}], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}";
        Path p = dir.resolve("nb.ipynb");
        Files.writeString(p, nb, StandardCharsets.UTF_8);
        Path script = ScriptRun.repoRoot().resolve("notebooks/check_outputs.py");
        Process proc = new ProcessBuilder("/usr/bin/python3", script.toString(), p.toString()).redirectErrorStream(true)
                .start();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = proc.waitFor();
        if (rc != 0) {
            assertTrue(out.contains("does not decode strictly"), out);
        }
        return rc;
    }

    @Test
    void notebooksTestDecodesEveryPngOfAnExecutedNotebook() throws Exception {
        BufferedImage img = new BufferedImage(20, 10, BufferedImage.TYPE_INT_RGB);
        String whole = Renderers.pngBase64(img);
        Path ok = dir.resolve("ok.ipynb");
        // Jupyter may store the base64 as a list of lines
        Files.writeString(ok, "{\"cells\": [{\"cell_type\": \"code\", \"outputs\": [{\"data\": {\"image/png\": [\""
                + whole.substring(0, 40) + "\\n\", \"" + whole.substring(40) + "\"]}}]}]}");
        assertEquals(1, NotebooksTest.assertEveryPngDecodesStrictly(ok));
        Path cut = dir.resolve("cut.ipynb");
        byte[] png = Base64.getDecoder().decode(whole);
        Files.writeString(cut, "{\"cells\": [{\"cell_type\": \"code\", \"outputs\": [{\"data\": {\"image/png\": \""
                + Base64.getEncoder().withoutPadding().encodeToString(Arrays.copyOf(png, png.length - 1)) + "\"}}]}]}");
        AssertionError e = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> NotebooksTest.assertEveryPngDecodesStrictly(cut));
        assertTrue(e.getMessage().contains("cut short") || e.getMessage().contains("does not decode strictly"),
                e.getMessage());
    }

    @Test
    void truncatedPngsAreRefusedAndWholeOnesPass() throws Exception {
        BufferedImage img = new BufferedImage(31, 17, BufferedImage.TYPE_INT_RGB);
        img.setRGB(3, 4, 0x3366cc);
        String whole = Renderers.pngBase64(img);
        byte[] png = Base64.getDecoder().decode(whole);
        StrictPng.check(png);
        assertEquals(0, check(whole));
        for (int cut = 1; cut <= 2; cut++) {
            byte[] shorter = Arrays.copyOf(png, png.length - cut);
            String b64 = Base64.getEncoder().withoutPadding().encodeToString(shorter);
            assertEquals(1, check(b64), "cut " + cut);
            try {
                StrictPng.check(shorter);
                throw new IllegalStateException("StrictPng accepted a PNG " + cut + " bytes short");
            } catch (AssertionError expected) {
                assertTrue(expected.getMessage().contains("truncated"), expected.getMessage());
            }
        }
    }
}
