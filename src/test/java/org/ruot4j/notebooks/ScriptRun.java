package org.ruot4j.notebooks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a repository script with bash and keeps its combined output (for the test's failure message). */
record ScriptRun(int exitCode, String output) {

    /** The repository root: Maven runs tests in the project directory. */
    static Path repoRoot() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        if (!Files.isRegularFile(dir.resolve("pom.xml"))) {
            throw new IllegalStateException("tests must run in the repository root (pom.xml), not " + dir);
        }
        return dir;
    }

    static ScriptRun run(Path script, List<String> args, Map<String, String> env, long timeoutMinutes)
            throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("bash", script.toString()));
        cmd.addAll(args);
        Path log = Files.createTempFile("ruot4j-script", ".log");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(repoRoot().toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
                p.descendants().forEach(ProcessHandle::destroy);
                p.destroy();
                p.waitFor(30, TimeUnit.SECONDS);
                return new ScriptRun(-1, "timed out after " + timeoutMinutes + " minutes\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new ScriptRun(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** The last {@code n} lines of the output. */
    String tail(int n) {
        List<String> lines = output.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }
}
