package org.ruot4j.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import picocli.CommandLine;

/** Shared by the CLI tests: runs a command line in-process and captures what it prints; a tiny input file. */
final class CliRun {
    private CliRun() {
    }

    record Result(int code, String out, String err) {
    }

    /** Executes {@code args} on a fresh {@link Main#commandLine()} with its out and err captured. */
    static Result run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    /** Writes {@code dir/tiny.csv}: 2 features, 3 time points of 30, 35, 40 cells drifting in x1 (seed 1). */
    static Path tinyCsv(Path dir) throws Exception {
        StringBuilder sb = new StringBuilder("samples,x1,x2\n");
        SplittableRandom r = new SplittableRandom(1);
        for (int t = 0; t < 3; t++) {
            for (int i = 0; i < 30 + 5 * t; i++) {
                sb.append(t).append(',').append(0.5 * t + 0.3 * r.nextDouble()).append(',')
                        .append(0.2 * r.nextDouble()).append('\n');
            }
        }
        Path p = dir.resolve("tiny.csv");
        Files.writeString(p, sb.toString());
        return p;
    }
}
