package org.ruot4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The dataset cache of the CLI tests that list, fetch or resolve datasets: for each test the system property
 * {@code ruot4j.data} points at a new empty folder, so the user's cache is neither read nor changed; after the
 * test the property is put back and the folder deleted.
 */
final class TemporaryDataCache implements BeforeEachCallback, AfterEachCallback {
    private static final String PROPERTY = "ruot4j.data";
    private String previous;
    private Path folder;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        previous = System.getProperty(PROPERTY);
        folder = Files.createTempDirectory("ruot4j-test-cache");
        System.setProperty(PROPERTY, folder.toString());
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        if (previous == null) {
            System.clearProperty(PROPERTY);
        } else {
            System.setProperty(PROPERTY, previous);
        }
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The cache folder of the running test. */
    Path folder() {
        return folder;
    }
}
