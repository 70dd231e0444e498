package org.ruot4j.kernel;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * What the tests that run real Jupyter share: the Debian Jupyter commands, a kernelspec installed into a
 * temporary prefix, small input data and subprocesses with a hard timeout.
 */
final class JupyterSupport {
    static final Path JUPYTER = Path.of("/usr/bin/jupyter");
    static final Path PYTHON = Path.of("/usr/bin/python3");

    private JupyterSupport() {
    }

    /** Fails (not skips) with what to install when Debian's Jupyter is missing: CI installs it. */
    static void requireJupyter() {
        if (!Files.isExecutable(JUPYTER) || !Files.isExecutable(PYTHON)) {
            fail("Jupyter is not installed: " + JUPYTER + " is missing. Install the Debian packages jupyter-notebook "
                    + "jupyter-client jupyter-nbconvert python3-nbclient python3-ipykernel (.ci/run does) and rerun.");
        }
    }

    /** The project's top directory (surefire runs tests there and sets basedir). */
    static Path projectDir() {
        return Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
    }

    /**
     * Installs the kernelspec into {@code dir/prefix} exactly as {@code ruot4j kernel install --prefix} does,
     * with this test JVM's class path (the freshly compiled classes); returns the directory for JUPYTER_PATH.
     */
    static Path installKernel(Path dir) {
        Path prefix = dir.resolve("prefix");
        KernelInstaller.install(projectDir().resolve("kernel"), KernelInstaller.prefixKernelsDir(prefix),
                KernelInstaller.currentJava(), KernelInstaller.jvmOptions(1, projectDir(), List.of("-Xmx1g")),
                KernelInstaller.currentClassPath());
        return prefix.resolve("share").resolve("jupyter");
    }

    /** Environment that makes Jupyter see only the test's kernelspec, runtime and config directories. */
    static Map<String, String> environment(Path dir, Path jupyterPath) throws IOException {
        for (String d : List.of("runtime", "data", "config")) {
            Files.createDirectories(dir.resolve("jupyter-" + d));
        }
        return Map.of("JUPYTER_PATH", jupyterPath.toString(),
                "JUPYTER_RUNTIME_DIR", dir.resolve("jupyter-runtime").toString(),
                "JUPYTER_DATA_DIR", dir.resolve("jupyter-data").toString(),
                "JUPYTER_CONFIG_DIR", dir.resolve("jupyter-config").toString(),
                "PYDEVD_DISABLE_FILE_VALIDATION", "1");
    }

    /** Three snapshots of a drifting 2-D population (30, 40, 50 cells): {@code samples,x1,x2}. */
    static void writeSmallCsv(Path file) throws IOException {
        Random r = new Random(11);
        StringBuilder sb = new StringBuilder("samples,x1,x2\n");
        for (int t = 0; t < 3; t++) {
            for (int i = 0; i < 30 + 10 * t; i++) {
                sb.append(t).append(',').append(String.format(Locale.ROOT, "%.5f,%.5f", t + 0.5 * r.nextGaussian(),
                        -t + 0.5 * r.nextGaussian())).append('\n');
            }
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    record Run(int exitCode, String output) {
    }

    /**
     * A test's directory made ready for Jupyter: {@link #requireJupyter checked}, the kernel installed
     * ({@link #installKernel}), {@code small.csv} written and the named files of src/test/resources/kernel copied in.
     */
    static Workspace workspace(Path dir, String... resources) throws Exception {
        requireJupyter();
        Path jupyterPath = installKernel(dir);
        for (String r : resources) {
            Files.copy(Path.of(JupyterSupport.class.getResource("/kernel/" + r).toURI()), dir.resolve(r));
        }
        writeSmallCsv(dir.resolve("small.csv"));
        return new Workspace(dir, jupyterPath);
    }

    /** See {@link #workspace}. */
    record Workspace(Path dir, Path jupyterPath) {
        /** Runs {@code command} in the directory, seeing only the workspace's kernel ({@link #environment}). */
        Run run(List<String> command, Duration timeout) throws Exception {
            return JupyterSupport.run(command, dir, environment(dir, jupyterPath), timeout);
        }

        /** Runs a copied-in Python driver with the directory and {@code args} as its arguments. */
        Run python(String driver, Duration timeout, String... args) throws Exception {
            List<String> command = new ArrayList<>(List.of(PYTHON.toString(), dir.resolve(driver).toString(),
                    dir.toString()));
            command.addAll(List.of(args));
            return run(command, timeout);
        }
    }

    /**
     * Runs a command with its output in a file (a kernel it starts may keep a pipe open after it exits) and
     * kills it and everything it started after {@code timeout}.
     */
    static Run run(List<String> command, Path cwd, Map<String, String> env, Duration timeout) throws Exception {
        Path log = Files.createTempFile(cwd, "run-", ".log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!done) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        if (!done) {
            fail(String.join(" ", command) + " did not finish within " + timeout + "; output:\n" + out);
        }
        return new Run(p.exitValue(), out);
    }
}
