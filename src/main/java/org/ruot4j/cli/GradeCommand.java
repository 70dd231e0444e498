package org.ruot4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.ruot4j.AtomicFiles;
import org.ruot4j.RuotException;
import org.ruot4j.grade.Grader;
import org.ruot4j.grade.Grades;
import org.ruot4j.kernel.KernelInstaller;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ruot4j grade}: runs a submitted assignment in a fresh kernel with hidden tests ({@link Grader}). */
@Command(name = "grade", mixinStandardHelpOptions = true,
        description = {"Grade a course assignment notebook: run it in a fresh ruot4j kernel, then hidden tests on fresh "
                + "data, and write {\"exercises\": [{\"name\", \"points\", \"max\", \"message\"}], \"total\", \"max\"}.",
                "Needs Jupyter (/usr/bin/jupyter with nbconvert)."})
final class GradeCommand extends CliCommand {
    @Parameters(paramLabel = "SUBMISSION.ipynb", description = "The student's notebook.")
    Path submission;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write grades.json.")
    Path out;

    @Option(names = "--tests", paramLabel = "FILE", description = "Hidden tests written by notebooks/make_assignment.py "
            + "(default: notebooks/solutions/05-assignment-tests.json of this checkout).")
    Path tests;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the hidden tests' data (default: a new one each run).")
    Long seed;

    @Option(names = "--cell-timeout", paramLabel = "SECONDS", defaultValue = "900",
            description = "Seconds one cell may run (default: ${DEFAULT-VALUE}).")
    long cellTimeout;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(submission)) {
            throw new RuotException("grade: " + submission + " does not exist");
        }
        Path testsFile = tests != null ? tests
                : KernelInstaller.templateDir().getParent().resolve("notebooks/solutions/05-assignment-tests.json");
        if (!Files.isRegularFile(testsFile)) {
            throw new RuotException("grade: no tests file at " + testsFile + " (give one with --tests)");
        }
        Path prefix = Files.createTempDirectory("ruot4j-grade-kernel");
        try {
            // a kernelspec of this very build, so the submission runs on the ruot4j that grades it
            KernelInstaller.install(KernelInstaller.templateDir(), KernelInstaller.prefixKernelsDir(prefix),
                    KernelInstaller.currentJava(), KernelInstaller.jvmOptions(KernelInstaller.defaultThreads(),
                            KernelInstaller.templateDir().getParent(), List.of()), KernelInstaller.currentClassPath());
            long s = seed != null ? seed : Grader.freshSeed();
            Grades g = new Grader(testsFile, prefix.resolve("share/jupyter"), s, Duration.ofSeconds(cellTimeout))
                    .grade(submission);
            AtomicFiles.writeString(out, g.toJson());
            PrintWriter w = out();
            w.print(g.toText());
            w.println("wrote " + out);
            w.flush();
            return 0;
        } finally {
            try (var st = Files.walk(prefix)) {
                for (Path p : st.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
