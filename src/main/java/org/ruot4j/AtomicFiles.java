package org.ruot4j;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Files that no reader ever sees half-written: the content goes to a temporary sibling (same directory, so the
 * rename is atomic on POSIX file systems), which is then renamed over the target. A process killed at any point
 * leaves either the old file or the new one, never a mixture.
 *
 * <p>Temporary files and directories are created private (mode 600 / 700); {@link #publish} gives the result the
 * modes of an ordinarily created file (644 / 755), so outputs stay readable by the user's group and tools.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Something that writes a file's content to a stream (an encoder, a serializer). */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes {@code data} to {@code target} atomically, creating missing parent directories. */
    public static void write(Path target, byte[] data) {
        write(target, out -> out.write(data));
    }

    /** Writes what {@code content} produces to {@code target} atomically, creating missing parent directories. */
    public static void write(Path target, Content content) {
        Path abs = target.toAbsolutePath();
        Path tmp = null;
        try {
            tmp = tempBeside(abs, ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                content.writeTo(out);
            }
            publish(tmp, abs);
        } catch (IOException e) {
            throw new RuotException(target + ": cannot write (" + e.getMessage() + ")", e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    /** Writes UTF-8 {@code text} to {@code target} atomically. */
    public static void writeString(Path target, String text) {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A new empty hidden temporary file beside {@code target} (its directory is created when missing). */
    public static Path tempBeside(Path target, String suffix) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        return Files.createTempFile(dir, "." + abs.getFileName() + "-", suffix);
    }

    /**
     * Renames the finished file or directory {@code tmp} over {@code target} (atomically where the file system
     * allows, else a plain replacing move), after giving it the modes of an ordinarily created file or directory.
     */
    public static void publish(Path tmp, Path target) throws IOException {
        makeReadable(tmp);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** rw-r--r-- for a file, rwxr-xr-x for a directory (where the file system has POSIX modes). */
    public static void makeReadable(Path p) throws IOException {
        if (Files.getFileAttributeView(p, PosixFileAttributeView.class) != null) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x"
                    : "rw-r--r--"));
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // best effort: a stray hidden temporary file is harmless
            }
        }
    }
}
