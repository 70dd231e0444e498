package org.ruot4j.kernel;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.ruot4j.RuotException;

/**
 * {@code %jars}, {@code %classpath} and {@code %maven}: put more jars or class folders on the notebook's
 * class path (for compiling and running the cells that follow).
 */
final class ClasspathMagics {
    private final JavaEvaluator java;
    private final LocalMavenRepository maven;
    private final Consumer<Object> show;

    ClasspathMagics(JavaEvaluator java, LocalMavenRepository maven, Consumer<Object> show) {
        this.java = java;
        this.maven = maven;
        this.show = show;
    }

    /** {@code %jars PATH…}: jar files or globs such as {@code lib/*.jar}. */
    void jars(List<String> args) {
        if (args.isEmpty()) {
            throw new RuotException("%jars: give one or more jar files or globs (e.g. %jars lib/*.jar)");
        }
        addPaths("%jars", args, p -> p.toString().endsWith(".jar") && Files.isRegularFile(p), "is not a jar file",
                "jar");
    }

    /** {@code %classpath}: shows the class path; {@code %classpath PATH…} adds jars or class folders. */
    void classpath(List<String> args) {
        if (args.isEmpty()) {
            show.accept(String.join("\n", classPath()));
            return;
        }
        addPaths("%classpath", args, Files::exists, "does not exist", "class path entry");
    }

    /**
     * Adds the paths the globs {@code args} expand to, refusing the first one that is not {@code acceptable}
     * ("%jars: PATH is not a jar file"), and shows what was added.
     */
    private void addPaths(String magic, List<String> args, Predicate<Path> acceptable, String refusal, String noun) {
        List<Path> added = new ArrayList<>();
        for (String a : args) {
            for (Path p : expand(a)) {
                if (!acceptable.test(p)) {
                    throw new RuotException(magic + ": " + p + " " + refusal);
                }
                added.add(p);
            }
        }
        add(added);
        show.accept("added " + count(added.size(), noun) + ":\n" + lines(added));
    }

    /** The kernel's own class path followed by what the cells added, each entry once. */
    private Set<String> classPath() {
        Set<String> all = new LinkedHashSet<>(Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator)));
        all.addAll(java.classPath());
        return all;
    }

    /** {@code %maven group:artifact:version…}: jars and their dependencies from the local Maven repository. */
    void maven(List<String> args) {
        if (args.isEmpty()) {
            throw new RuotException("%maven: give group:artifact:version coordinates");
        }
        Set<String> onPath = classPath();
        List<Path> added = new ArrayList<>();
        List<String> already = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String coords : args) {
            LocalMavenRepository.Resolution r = maven.resolve(coords);
            for (LocalMavenRepository.Artifact a : r.artifacts()) {
                String path = a.jar().toAbsolutePath().toString();
                if (onPath.contains(path)) {
                    already.add(a.coordinates());
                } else if (!added.contains(a.jar())) {
                    added.add(a.jar().toAbsolutePath());
                }
            }
            missing.addAll(r.missing());
        }
        add(added);
        StringBuilder sb = new StringBuilder("added " + count(added.size(), "jar") + " from " + "the local Maven repository");
        if (!added.isEmpty()) {
            sb.append(":\n").append(lines(added));
        }
        if (!already.isEmpty()) {
            sb.append("\nalready on the class path: ").append(String.join(", ", already));
        }
        if (!missing.isEmpty()) {
            sb.append("\nnot in the local repository (not resolved): ").append(String.join("; ", missing));
        }
        show.accept(sb.toString());
    }

    private void add(List<Path> paths) {
        for (Path p : paths) {
            java.addToClasspath(p.toAbsolutePath().toString());
        }
    }

    /** A path, or the files matching a glob in its last part (e.g. {@code lib/*.jar}), sorted. */
    static List<Path> expand(String arg) {
        String home = System.getProperty("user.home");
        String s = arg.startsWith("~/") ? home + arg.substring(1) : arg;
        if (!s.contains("*") && !s.contains("?")) {
            Path p = Path.of(s).toAbsolutePath().normalize();
            if (!Files.exists(p)) {
                throw new RuotException(p + " does not exist");
            }
            return List.of(p);
        }
        Path glob = Path.of(s).toAbsolutePath();
        Path dir = glob.getParent();
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + glob.getFileName());
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> hits = files.filter(f -> m.matches(f.getFileName())).sorted().toList();
            if (hits.isEmpty()) {
                throw new RuotException(arg + " matches no file");
            }
            return hits;
        } catch (IOException e) {
            throw new RuotException(dir + ": cannot list (" + e.getMessage() + ")");
        }
    }

    private static String count(int n, String what) {
        return n + " " + (n == 1 ? what : what.endsWith("entry") ? what.substring(0, what.length() - 1) + "ies" : what + "s");
    }

    private static String lines(List<Path> paths) {
        StringBuilder sb = new StringBuilder();
        for (Path p : paths) {
            sb.append("  ").append(p).append('\n');
        }
        return sb.toString().stripTrailing();
    }
}
