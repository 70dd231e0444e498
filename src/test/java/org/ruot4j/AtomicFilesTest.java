package org.ruot4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @Test
    void writesReplacesLeavesNoTemporariesAndOrdinaryModes(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("sub/metrics.json");
        AtomicFiles.writeString(f, "first");
        AtomicFiles.writeString(f, "second");
        assertEquals("second", Files.readString(f));
        // temporaries are created private (600); the published file must not stay that way
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        try (Stream<Path> s = Files.list(f.getParent())) {
            assertEquals(1, s.count(), "no temporary file is left beside the target");
        }
    }

    @Test
    void aFailedWriteNamesTheFileAndKeepsTheOldContent(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("keep.txt");
        AtomicFiles.writeString(f, "old");
        Path blocked = dir.resolve("keep.txt/child.txt"); // its parent is a file
        RuotException e = assertThrows(RuotException.class, () -> AtomicFiles.writeString(blocked, "x"));
        assertTrue(e.getMessage().startsWith(blocked.toString()), e.getMessage());
        assertEquals("old", Files.readString(f));
    }
}
