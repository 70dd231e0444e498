package org.ruot4j.kernel;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.ruot4j.RuotException;

/**
 * Writes the Jupyter kernelspec {@code ruot4j} from the template directory {@code kernel/}: its
 * {@code kernel.json} with the placeholders filled in, and the logos.
 *
 * <p>Template placeholders in {@code argv}: {@code {java}} (this JVM's {@code java}, absolute),
 * {@code {jvm_options}} (expanded to one argument per option), {@code {classpath}} (absolute entries).
 * Jupyter itself substitutes {@code {connection_file}} (and {@code {resource_dir}}) in argv only, which is why
 * everything else is resolved here, at install time.
 */
public final class KernelInstaller {
    public static final String KERNEL_NAME = RuotKernel.NAME;
    static final List<String> FILES = List.of("kernel.json", "logo-32x32.png", "logo-64x64.png");

    private KernelInstaller() {
    }

    /** Environment variable that sets the kernel's heap limit at install time (like {@code --heap}). */
    public static final String HEAP_ENV = "RUOT4J_KERNEL_HEAP";
    private static final java.util.regex.Pattern HEAP_SIZE = java.util.regex.Pattern.compile("[1-9][0-9]*[kKmMgGtT]?");

    /**
     * The JVM options the kernel runs with: headless AWT, offline DJL, PyTorch threads, UTF-8 files, and the heap
     * limit of {@link #defaultHeap()} unless {@code extra} has its own {@code -Xmx}.
     */
    public static List<String> jvmOptions(int threads, Path ruot4jHome, List<String> extra) {
        return jvmOptions(threads, ruot4jHome, null, extra);
    }

    /**
     * Like {@link #jvmOptions(int, Path, List)} with the heap limit {@code heap} (a JVM size such as {@code 8g};
     * null: {@code RUOT4J_KERNEL_HEAP}, else {@link #defaultHeap()}). A limit in the kernelspec keeps a notebook
     * that fills the heap from taking the machine down with it, and makes the limit visible where it can be
     * changed; the kernel reports running out of it as "out of memory: …, raise the heap with …".
     */
    public static List<String> jvmOptions(int threads, Path ruot4jHome, String heap, List<String> extra) {
        List<String> o = baseOptions(threads, ruot4jHome, extra);
        if (extra.stream().noneMatch(x -> x.startsWith("-Xmx") || x.startsWith("-XX:MaxHeapSize="))) {
            o.add(o.size() - extra.size(), "-Xmx" + heapSize(heap));
        }
        return o;
    }

    /** The heap limit to install: {@code heap}, else {@code RUOT4J_KERNEL_HEAP}, else the default; validated. */
    static String heapSize(String heap) {
        String h = heap;
        String from = "--heap";
        if (h == null || h.isBlank()) {
            h = System.getenv(HEAP_ENV);
            from = HEAP_ENV;
        }
        if (h == null || h.isBlank()) {
            return defaultHeap();
        }
        h = h.strip();
        if (!HEAP_SIZE.matcher(h).matches()) {
            throw new RuotException("kernel install: " + from + " must be a JVM heap size such as 4g or 2048m, got '" + h
                    + "'");
        }
        return h;
    }

    /** Half the machine's memory, at most 4 GB (ruot4j's fits hold their tensors off the Java heap). */
    public static String defaultHeap() {
        long physical = 0;
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            physical = os.getTotalMemorySize();
        }
        long mb = physical <= 0 ? 4096 : Math.min(4096, physical / 2 / (1 << 20));
        return Math.max(512, mb) + "m";
    }

    private static List<String> baseOptions(int threads, Path ruot4jHome, List<String> extra) {
        if (threads < 1) {
            throw new RuotException("kernel install: --threads must be at least 1, got " + threads);
        }
        List<String> o = new ArrayList<>(List.of("-Xss8m", "-Djava.awt.headless=true", "-Dfile.encoding=UTF-8",
                "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=" + threads,
                "-Dai.djl.pytorch.num_interop_threads=1"));
        if (ruot4jHome != null) {
            o.add("-Druot4j.home=" + ruot4jHome.toAbsolutePath().normalize());
        }
        o.addAll(memoryOptions(extra));
        o.addAll(extra);
        return o;
    }

    /**
     * The collector options of the kernel and of the {@code ruot4j} launcher, unless {@code extra} chooses its own
     * collector or young-generation size: the serial collector with a 32 MB young generation. Training allocates
     * 2–3 MB of short-lived Java objects per epoch (DJL's array handles); with the default G1 and its adaptive young
     * generation the resident memory rose by 200 MB over the first hundred epochs as the collector touched new
     * regions, with a fixed 32 MB one it is flat from the start (bench/engine/RESULTS.md, bench/kernel/RESULTS.md).
     * One collector thread also suits the single training thread on a shared machine.
     */
    static List<String> memoryOptions(List<String> extra) {
        List<String> o = new ArrayList<>();
        if (extra.stream().noneMatch(x -> x.matches("-XX:[+-]Use\\w*GC"))) {
            o.add("-XX:+UseSerialGC");
        }
        if (extra.stream().noneMatch(x -> x.startsWith("-Xmn") || x.matches("-XX:(Max)?NewSize=.*"))) {
            o.add("-Xmn32m");
        }
        return o;
    }

    /**
     * The default thread count: {@code RUOT4J_THREADS} if set, else 1, as in the launcher. The networks are small:
     * more intra-op threads buy little and, on a busy machine, made training an order of magnitude slower.
     */
    public static int defaultThreads() {
        String env = System.getenv("RUOT4J_THREADS");
        if (env != null && !env.isBlank()) {
            try {
                return Math.max(1, Integer.parseInt(env.strip()));
            } catch (NumberFormatException e) {
                throw new RuotException("RUOT4J_THREADS: expected a number of threads, got '" + env + "'");
            }
        }
        return 1;
    }

    /** This JVM's class path with every entry made absolute (what the kernel must load). */
    public static String currentClassPath() {
        List<String> out = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!e.isBlank()) {
                out.add(Path.of(e).toAbsolutePath().normalize().toString());
            }
        }
        return String.join(File.pathSeparator, out);
    }

    /** This JVM's {@code java} executable. */
    public static String currentJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** File name of the class-data-sharing archive written next to kernel.json. */
    static final String CDS_ARCHIVE = "ruot4j.jsa";

    /**
     * Writes {@code kernelsDir/ruot4j/} (replacing an earlier install) and returns that directory; no
     * class-data-sharing archive.
     *
     * @param templateDir the {@code kernel/} directory with kernel.json and the logos
     * @param kernelsDir a Jupyter {@code kernels} directory, e.g. {@code ~/.local/share/jupyter/kernels}
     */
    public static Path install(Path templateDir, Path kernelsDir, String java, List<String> jvmOptions,
            String classPath) {
        return install(templateDir, kernelsDir, java, jvmOptions, classPath, null);
    }

    /**
     * Like {@link #install(Path, Path, String, List, String)}; when {@code cdsLog} is not null it also records
     * a class-data-sharing archive of a kernel warm-up (JShell's compiler, jjava-jupyter, Tablesaw, XChart)
     * and makes the kernel start from it, which cuts its start-up CPU time by about a third. The archive needs
     * a class path of jars only; when that or the warm-up fails, the spec is written without it and the reason
     * goes to {@code cdsLog}.
     */
    public static Path install(Path templateDir, Path kernelsDir, String java, List<String> jvmOptions,
            String classPath, java.io.PrintStream cdsLog) {
        for (String f : FILES) {
            if (!Files.isRegularFile(templateDir.resolve(f))) {
                throw new RuotException("kernel install: " + templateDir.resolve(f) + " is missing (the kernel/ template"
                        + " directory of the ruot4j checkout)");
            }
        }
        Path target = kernelsDir.resolve(KERNEL_NAME);
        try {
            Files.createDirectories(kernelsDir);
            // Build the whole spec next to its final place, then swap it in: Jupyter never sees half a spec.
            Path tmp = Files.createTempDirectory(kernelsDir, "." + KERNEL_NAME + "-");
            try {
                // A temporary directory is private; a kernelspec must be readable by every Jupyter user.
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: its defaults apply
            }
            List<String> options = new ArrayList<>(jvmOptions);
            if (cdsLog != null && recordCds(java, jvmOptions, classPath, tmp.resolve(CDS_ARCHIVE), cdsLog)) {
                options.add("-XX:SharedArchiveFile=" + target.resolve(CDS_ARCHIVE).toAbsolutePath());
                // A rebuilt jar invalidates the archive: the JVM then starts without it; no need to say so.
                options.add("-Xlog:cds=off");
                options.add("-Xlog:cds+dynamic=off");
            }
            String json = kernelJson(read(templateDir.resolve("kernel.json")), java, options, classPath);
            Files.writeString(tmp.resolve("kernel.json"), json, StandardCharsets.UTF_8);
            Files.copy(templateDir.resolve("logo-32x32.png"), tmp.resolve("logo-32x32.png"));
            Files.copy(templateDir.resolve("logo-64x64.png"), tmp.resolve("logo-64x64.png"));
            Path old = null;
            if (Files.exists(target)) {
                old = kernelsDir.resolve("." + KERNEL_NAME + "-old-" + System.nanoTime());
                Files.move(target, old);
            }
            try {
                org.ruot4j.AtomicFiles.makeReadable(tmp);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target);
            }
            if (old != null) {
                deleteTree(old);
            }
            return target;
        } catch (IOException e) {
            throw new RuotException("kernel install: cannot write " + target + " (" + e.getMessage() + ")");
        }
    }

    private static boolean recordCds(String java, List<String> jvmOptions, String classPath, Path archive,
            java.io.PrintStream log) {
        for (String e : classPath.split(File.pathSeparator)) {
            if (Files.isDirectory(Path.of(e))) {
                log.println("kernel install: no start-up archive (class path entry " + e + " is a directory, not a jar)");
                return false;
            }
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive.toAbsolutePath(), "-Xlog:cds=off",
                "-Xlog:cds+dynamic=off", "-cp", classPath, KernelMain.class.getName(), "--warmup"));
        try {
            Path out = Files.createTempFile("ruot4j-cds", ".log");
            try {
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
                if (!p.waitFor(180, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    log.println("kernel install: no start-up archive (the warm-up took over 3 minutes)");
                    return false;
                }
                if (p.exitValue() != 0 || !Files.isRegularFile(archive)) {
                    log.println("kernel install: no start-up archive (warm-up exit " + p.exitValue() + "): "
                            + Files.readString(out).strip().lines().reduce((a, b) -> b).orElse(""));
                    return false;
                }
                return true;
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            log.println("kernel install: no start-up archive (" + e.getMessage() + ")");
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** kernel.json from the template text, placeholders filled in. */
    static String kernelJson(String template, String java, List<String> jvmOptions, String classPath) {
        JsonObject spec;
        try {
            spec = JsonParser.parseString(template).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new RuotException("kernel install: kernel/kernel.json is not a JSON object (" + e.getMessage() + ")");
        }
        if (!spec.has("argv") || !spec.get("argv").isJsonArray()) {
            throw new RuotException("kernel install: kernel/kernel.json has no argv list");
        }
        JsonArray argv = new JsonArray();
        for (JsonElement e : spec.getAsJsonArray("argv")) {
            String a = e.getAsString();
            switch (a) {
                case "{java}" -> argv.add(java);
                case "{jvm_options}" -> jvmOptions.forEach(argv::add);
                case "{classpath}" -> argv.add(classPath);
                default -> argv.add(a);
            }
        }
        spec.add("argv", argv);
        Gson gson = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
        return gson.toJson(spec) + "\n";
    }

    /** {@code ~/.local/share/jupyter/kernels} (or under {@code JUPYTER_DATA_DIR}; macOS: ~/Library/Jupyter). */
    public static Path userKernelsDir() {
        String dataDir = System.getenv("JUPYTER_DATA_DIR");
        if (dataDir != null && !dataDir.isBlank()) {
            return Path.of(dataDir, "kernels");
        }
        String home = System.getProperty("user.home");
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("mac")) {
            return Path.of(home, "Library", "Jupyter", "kernels");
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(home, ".local", "share");
        return base.resolve("jupyter").resolve("kernels");
    }

    /** {@code PREFIX/share/jupyter/kernels}. */
    public static Path prefixKernelsDir(Path prefix) {
        return prefix.toAbsolutePath().normalize().resolve("share").resolve("jupyter").resolve("kernels");
    }

    /**
     * The kernels directory of the Python environment Jupyter runs in: {@code $CONDA_PREFIX} or
     * {@code $VIRTUAL_ENV} when one is active, else the {@code sys.prefix} of the Python that the
     * {@code jupyter} command on the PATH starts.
     */
    public static Path sysPrefixKernelsDir() {
        for (String var : List.of("CONDA_PREFIX", "VIRTUAL_ENV")) {
            String v = System.getenv(var);
            if (v != null && !v.isBlank()) {
                return prefixKernelsDir(Path.of(v));
            }
        }
        Path jupyter = onPath("jupyter");
        if (jupyter == null) {
            throw new RuotException("kernel install --sys-prefix: no jupyter command on the PATH (use --user or "
                    + "--prefix DIR)");
        }
        String python = "python3";
        try (Stream<String> lines = Files.lines(jupyter)) {
            String first = lines.findFirst().orElse("");
            if (first.startsWith("#!")) {
                String[] parts = first.substring(2).strip().split("\\s+");
                python = parts[0].endsWith("env") && parts.length > 1 ? parts[1] : parts[0];
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // not a script: fall back to python3
        }
        try {
            Process p = new ProcessBuilder(python, "-c", "import sys; print(sys.prefix)").redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.waitFor() != 0 || out.isEmpty()) {
                throw new RuotException("kernel install --sys-prefix: " + python + " could not tell its sys.prefix (" + out
                        + "); use --prefix DIR");
            }
            return prefixKernelsDir(Path.of(out.lines().reduce((a, b) -> b).orElse(out)));
        } catch (IOException e) {
            throw new RuotException("kernel install --sys-prefix: cannot run " + python + " (" + e.getMessage()
                    + "); use --prefix DIR");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuotException("kernel install --sys-prefix: interrupted");
        }
    }

    private static Path onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir, command);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /**
     * The {@code kernel/} template directory: under {@code -Druot4j.home} (set by the launcher), else next to
     * the {@code target/} folder the ruot4j classes were loaded from.
     */
    public static Path templateDir() {
        String home = System.getProperty("ruot4j.home");
        if (home != null && !home.isBlank()) {
            return Path.of(home, "kernel");
        }
        try {
            Path code = Path.of(KernelInstaller.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // target/ruot4j.jar or target/classes: the checkout is two levels up from the class folder's parent.
            Path target = code.getParent();
            if (target != null && target.getParent() != null) {
                return target.getParent().resolve("kernel");
            }
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // fall through
        }
        throw new RuotException("kernel install: cannot find the kernel/ template directory (run through ./ruot4j)");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RuotException(p + ": unreadable (" + e.getMessage() + ")");
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
