package org.ruot4j.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Executes src/test/resources/kernel/protocol.ipynb with Debian's {@code jupyter nbconvert --execute
 * --allow-errors} against the kernel installed into a temporary prefix, then checks the saved outputs.
 */
class KernelNotebookTest extends JupyterTests {
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void protocolNotebookRunsWithRichOutputsAndSurvivesErrors() throws Exception {
        JupyterSupport.Run run = workspace("protocol.ipynb").run(List.of(
                JupyterSupport.JUPYTER.toString(), "nbconvert", "--to", "notebook", "--execute", "--allow-errors",
                "--ExecutePreprocessor.timeout=240", "--ExecutePreprocessor.kernel_name=ruot4j", "--output",
                "executed.ipynb", "protocol.ipynb"), Duration.ofMinutes(4));
        assertEquals(0, run.exitCode(), run.output());
        JsonObject executed = JsonParser.parseString(Files.readString(dir.resolve("executed.ipynb"),
                StandardCharsets.UTF_8)).getAsJsonObject();
        List<JsonObject> cells = new ArrayList<>();
        for (JsonElement c : executed.getAsJsonArray("cells")) {
            if (c.getAsJsonObject().get("cell_type").getAsString().equals("code")) {
                cells.add(c.getAsJsonObject());
            }
        }
        assertEquals(14, cells.size());
        for (int i = 0; i < cells.size(); i++) {
            assertEquals(i + 1, cells.get(i).get("execution_count").getAsInt(), "execution count of cell " + (i + 1));
        }

        // 1 + 1 -> an execute_result
        JsonObject result = only(cells.get(0), "execute_result");
        assertEquals("2", text(result, "text/plain"));
        // println -> a stdout stream
        JsonObject stream = only(cells.get(1), "stream");
        assertEquals("stdout", stream.get("name").getAsString());
        assertEquals("streamed line\n", join(stream.get("text")));
        // Tablesaw table -> HTML with the shape
        String html = text(only(cells.get(2), "execute_result"), "text/html");
        assertTrue(html.contains("<table") && html.contains("<td>2.5</td>") && html.contains("3 rows × 2 columns"), html);
        // XChart chart -> a PNG of the chart's size
        BufferedImage png = png(only(cells.get(3), "execute_result"));
        assertEquals(300, png.getWidth());
        assertEquals(200, png.getHeight());
        // %ruot help -> the magic's output, displayed
        assertTrue(text(only(cells.get(4), "display_data"), "text/plain").contains("%ruot load PATH|DATASET"));
        // %ruot load -> the snapshots summary
        String loaded = text(only(cells.get(5), "display_data"), "text/html");
        assertTrue(loaded.contains("small.csv") && loaded.contains("<td>40</td>"), loaded);
        // %%ruot config -> the configuration with the cell's settings
        String config = text(only(cells.get(6), "display_data"), "text/plain");
        assertTrue(config.contains("pretrain.epochs = 3") && config.contains("preset quick"), config);
        // %ruot pretrain -> live charts, each replaced in place up to its stage's last epoch
        List<JsonObject> progress = outputs(cells.get(7), "display_data");
        List<String> status = new ArrayList<>();
        for (JsonObject o : progress) {
            status.add(text(o, "text/plain").lines().findFirst().orElse(""));
        }
        assertTrue(status.stream().anyMatch(s -> s.startsWith("pretrain · epoch 3/3")), status.toString());
        assertTrue(status.stream().anyMatch(s -> s.startsWith("refine · epoch 1/1")), status.toString());
        assertFalse(status.stream().anyMatch(s -> s.startsWith("pretrain · epoch 1/")), "first view not replaced: " + status);
        assertTrue(png(progress.get(0)).getWidth() > 0);
        // %ruot eval -> the metrics as an HTML table
        String metrics = text(only(cells.get(8), "display_data"), "text/html");
        assertTrue(metrics.contains("ODE W1") && metrics.contains("<td>2</td>"), metrics);
        // an exception -> an error with a Java stack trace pointing at the cell line ...
        JsonObject error = only(cells.get(9), "error");
        assertEquals("java.lang.ArrayIndexOutOfBoundsException", error.get("ename").getAsString());
        assertTrue(join(error.get("traceback")).contains("cell code (cell [10], line 2)"), error.toString());
        // ... and the next cell still works, with the state from before the error
        assertEquals("still alive: 42", text(only(cells.get(10), "execute_result"), "text/plain"));
        // a compile error is an error too, with the cell line
        JsonObject compile = only(cells.get(11), "error");
        assertEquals("CompilationError", compile.get("ename").getAsString());
        assertTrue(join(compile.get("traceback")).contains("cell line 1: cannot find symbol"), compile.toString());
        // the stage ran on the notebook's session: Java sees its history
        assertEquals("true", text(only(cells.get(12), "execute_result"), "text/plain"));
        assertTrue(png(only(cells.get(13), "display_data")).getWidth() > 0);
    }

    private static List<JsonObject> outputs(JsonObject cell, String type) {
        List<JsonObject> out = new ArrayList<>();
        for (JsonElement o : cell.getAsJsonArray("outputs")) {
            if (o.getAsJsonObject().get("output_type").getAsString().equals(type)) {
                out.add(o.getAsJsonObject());
            }
        }
        return out;
    }

    private static JsonObject only(JsonObject cell, String type) {
        List<JsonObject> out = outputs(cell, type);
        assertFalse(out.isEmpty(), "no " + type + " output in " + cell);
        return out.get(0);
    }

    private static String text(JsonObject output, String mime) {
        JsonElement e = output.getAsJsonObject("data").get(mime);
        assertTrue(e != null, "no " + mime + " in " + output.getAsJsonObject("data").keySet());
        return join(e);
    }

    private static String join(JsonElement e) {
        if (e.isJsonArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonElement x : (JsonArray) e) {
                sb.append(x.getAsString());
            }
            return sb.toString();
        }
        return e.getAsString();
    }

    private static BufferedImage png(JsonObject output) throws Exception {
        byte[] bytes = Base64.getMimeDecoder().decode(text(output, "image/png"));
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(bytes, 4));
        return ImageIO.read(new ByteArrayInputStream(bytes));
    }
}
