package org.ruot4j.train;

import org.ruot4j.RuotException;

/**
 * A second JVM for {@link OutputLockTest}: {@code hold DIR} locks DIR, prints "locked PID" and keeps the lock
 * until a line arrives on stdin; {@code try DIR} locks and releases at once. Exit code 3 with the one-line
 * message when the directory is in use.
 */
public final class OutputLockProcess {
    private OutputLockProcess() {
    }

    public static void main(String[] args) throws Exception {
        try (OutputLock lock = OutputLock.acquire(java.nio.file.Path.of(args[1]))) {
            System.out.println("locked " + ProcessHandle.current().pid());
            System.out.flush();
            if (args[0].equals("hold")) {
                System.in.read();
            }
        } catch (RuotException e) {
            System.out.println(e.getMessage());
            System.exit(3);
        }
    }
}
