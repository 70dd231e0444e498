package org.ruot4j.cli;

import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The one line a fit stopped by Ctrl-C (SIGINT, exit code 130) or SIGTERM leaves on stderr: how to continue it.
 * A JVM shutdown hook is the only code that runs on those signals; it is removed once the fit has returned.
 */
final class Interrupted {
    private Interrupted() {
    }

    static <T> T hinting(Path dir, Supplier<T> fit) {
        Thread hook = new Thread(() -> {
            System.err.println();
            System.err.println("ruot4j: interrupted; continue this fit with: ruot4j fit --resume " + dir);
            System.err.flush();
        }, "ruot4j-resume-hint");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return fit.get();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run
            }
        }
    }
}
