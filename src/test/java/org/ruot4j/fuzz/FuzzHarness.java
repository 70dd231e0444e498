package org.ruot4j.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.ruot4j.RuotException;

/**
 * Runs one reader on many inputs and sorts each outcome: a read (the reader's result passed the caller's
 * checks), a clear error (a {@link RuotException} with a non-blank one-line message), or a crash (any other
 * throwable — including OutOfMemoryError and failed result checks —, a multi-line message, or no answer within
 * the per-input time limit). The first input of each kind of crash is saved under target/fuzz-crashes so it can
 * be replayed.
 */
final class FuzzHarness implements AutoCloseable {
    /** The read under test; throws whatever the reader throws. */
    interface Read {
        void run() throws Exception;
    }

    private static final long TIMEOUT_SECONDS = 20; // generous: the machine is shared; a real hang never returns
    private final String reader;
    private ExecutorService worker = newWorker();
    int inputs;
    int reads;
    int errors;
    final Map<String, String> crashes = new LinkedHashMap<>();
    final Map<String, Integer> crashCounts = new LinkedHashMap<>();

    FuzzHarness(String reader) {
        this.reader = reader;
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-reader");
            t.setDaemon(true); // a hung reader must not keep the test JVM alive
            return t;
        });
    }

    /** Runs {@code read} on the input stored in {@code input} and records its outcome. */
    void check(Path input, Read read) {
        inputs++;
        Future<?> f = worker.submit(() -> {
            read.run();
            return null;
        });
        Throwable thrown;
        try {
            f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            reads++;
            return;
        } catch (TimeoutException e) {
            f.cancel(true);
            worker.shutdownNow();
            worker = newWorker();
            crash("hang (no answer within " + TIMEOUT_SECONDS + " s)", "", input);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            thrown = e.getCause();
        }
        if (thrown instanceof RuotException) {
            String m = thrown.getMessage();
            if (m == null || m.isBlank() || m.indexOf('\n') >= 0 || m.indexOf('\r') >= 0) {
                crash("RuotException without a one-line message", String.valueOf(m), input);
            } else {
                errors++;
            }
            return;
        }
        StackTraceElement top = thrown.getStackTrace().length > 0 ? thrown.getStackTrace()[0] : null;
        crash(thrown.getClass().getName() + " at " + top, String.valueOf(thrown.getMessage()), input);
    }

    private void crash(String kind, String message, Path input) {
        int n = crashCounts.merge(kind, 1, Integer::sum);
        if (n == 1) {
            String saved = "(not saved)";
            try {
                Path dir = Path.of("target", "fuzz-crashes");
                Files.createDirectories(dir);
                Path copy = dir.resolve(reader + "-" + crashes.size() + "-" + input.getFileName());
                if (Files.isDirectory(input)) {
                    Files.createDirectories(copy);
                    try (var s = Files.list(input)) {
                        for (Path p : s.toList()) {
                            Files.copy(p, copy.resolve(p.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                } else {
                    Files.copy(input, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
                saved = copy.toString();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            crashes.put(kind, message.lines().findFirst().orElse("") + " [input saved as " + saved + "]");
        }
    }

    /** One line per kind of crash, for the failure message. */
    String report() {
        StringBuilder sb = new StringBuilder(reader + ": " + inputs + " inputs, " + reads + " reads, " + errors
                + " clear errors, " + crashCounts.values().stream().mapToInt(Integer::intValue).sum() + " crashes");
        for (Map.Entry<String, String> e : crashes.entrySet()) {
            sb.append("\n  ").append(crashCounts.get(e.getKey())).append(" x ").append(e.getKey()).append(": ")
                    .append(e.getValue());
        }
        return sb.toString();
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
