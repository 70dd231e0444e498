package org.ruot4j.train;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ruot4j.RuotException;

/**
 * Exclusive use of an output directory by one fit: the file {@code DIR/.ruot4j.lock}, locked with an operating
 * system file lock ({@link FileChannel#tryLock}) and holding {@code pid}, {@code host} and {@code started} of the
 * holder (emptied when the fit ends). A second fit into the directory fails at once with a message naming the holder. The OS lock dies with
 * its process, so a lock file left by a killed fit is taken over; the written PID is a second line of defence for
 * file systems where OS locks are not shared between processes: a lock file naming a live process of this host
 * other than this one is respected even when the OS lock could be taken.
 */
public final class OutputLock implements AutoCloseable {
    /** The lock file's name inside the output directory. */
    public static final String FILE_NAME = ".ruot4j.lock";

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final String previousHolder;

    private OutputLock(Path file, FileChannel channel, FileLock lock, String previousHolder) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.previousHolder = previousHolder;
    }

    /**
     * Locks {@code dir} (created if absent) for this process.
     *
     * @throws RuotException naming the holder (PID, host, start time) when another fit holds the directory
     */
    public static OutputLock acquire(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new RuotException(dir + ": cannot create the output directory: " + e.getMessage());
        }
        FileChannel ch = null;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // this JVM holds it already
            }
            if (lock == null) {
                throw inUse(dir, describe(parse(read(ch))));
            }
            Map<String, String> previous = parse(read(ch));
            String previousHolder = null;
            if (previous.containsKey("pid")) {
                if (holderIsAlive(previous)) {
                    lock.release();
                    throw inUse(dir, describe(previous));
                }
                previousHolder = describe(previous);
            }
            String content = "pid=" + ProcessHandle.current().pid() + "\nhost=" + hostName() + "\nstarted="
                    + Instant.now() + "\n";
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)), 0);
            ch.force(true);
            return new OutputLock(file, ch, lock, previousHolder);
        } catch (IOException e) {
            closeQuietly(ch);
            throw new RuotException(file + ": cannot create or lock the output lock file: " + e.getMessage());
        } catch (RuntimeException e) {
            closeQuietly(ch);
            throw e;
        }
    }

    /** The lock file. */
    public Path file() {
        return file;
    }

    /** The holder named in a stale lock file that was taken over ("PID 12 on host h since …"), or null. */
    public String tookOverFrom() {
        return previousHolder;
    }

    /**
     * Empties the lock file and releases the lock. The file itself stays: deleting it would let a process that
     * opened it just before lock a file no longer at the path while a third locks a new one.
     */
    @Override
    public void close() {
        try {
            channel.truncate(0);
        } catch (IOException e) {
            // a leftover holder line names this process; once it has exited the file is taken over as stale
        }
        try {
            lock.release();
        } catch (IOException e) {
            // closing the channel releases it too
        }
        closeQuietly(channel);
    }

    private static RuotException inUse(Path dir, String holder) {
        return new RuotException(dir + " is in use by another fit (" + holder + ", lock file " + dir.resolve(FILE_NAME)
                + "); wait for it to end or choose another --out");
    }

    private static boolean holderIsAlive(Map<String, String> holder) {
        if (!hostName().equals(holder.get("host"))) {
            return false; // we hold the OS lock; a holder on another host would have blocked it
        }
        try {
            long pid = Long.parseLong(holder.get("pid").strip());
            return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String read(FileChannel ch) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(ch.size(), 4096));
        ch.read(buf, 0);
        return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
    }

    private static Map<String, String> parse(String content) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : content.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                m.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        return m;
    }

    private static String describe(String content) {
        return describe(parse(content));
    }

    private static String describe(Map<String, String> m) {
        if (!m.containsKey("pid")) {
            return "holder unknown: its lock file is empty";
        }
        return "PID " + m.get("pid") + " on host " + m.getOrDefault("host", "?") + " since "
                + m.getOrDefault("started", "?");
    }

    /** This machine's name, without a DNS lookup where the kernel or the environment knows it. */
    static String hostName() {
        Path kernel = Path.of("/proc/sys/kernel/hostname");
        try {
            if (Files.isReadable(kernel)) {
                return Files.readString(kernel).strip();
            }
        } catch (IOException e) {
            // fall through
        }
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                // nothing left to release
            }
        }
    }
}
