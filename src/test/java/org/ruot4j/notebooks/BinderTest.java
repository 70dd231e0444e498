package org.ruot4j.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Binder configuration is consistent (binder/check.sh): apt.txt names packages APT knows, postBuild is
 * executable and, run as an ordinary user in a fresh HOME on a clone of the repository, builds ruot4j, installs
 * the kernelspec and unpacks PyTorch, skipping the dataset downloads that need the network.
 */
class BinderTest {

    @Test
    void aptPackagesExistAndPostBuildRunsAsAnOrdinaryUser() throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/apt-cache"))) {
            fail("the Binder check needs apt-cache (Debian/Ubuntu) to look up the packages of binder/apt.txt");
        }
        Path root = ScriptRun.repoRoot();
        ScriptRun r = ScriptRun.run(root.resolve("binder/check.sh"), List.of(), Map.of(), 30);
        System.out.println(r.output());
        assertEquals(0, r.exitCode(), "binder/check.sh failed:\n" + r.tail(50));
        assertTrue(r.output().contains("binder check: passed"), r.output());
        assertTrue(r.output().contains("postBuild: done"), "postBuild stopped early:\n" + r.output());
    }
}
