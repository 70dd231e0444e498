package org.ruot4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ruot4j.RuotException;

/** Resolution against a hand-made local repository whose right answer is known. */
class LocalMavenRepositoryTest {
    @TempDir
    Path repo;

    private void artifact(String g, String a, String v, String packaging, String body) throws Exception {
        Path d = repo.resolve(g.replace('.', '/')).resolve(a).resolve(v);
        Files.createDirectories(d);
        Files.writeString(d.resolve(a + "-" + v + ".pom"), "<project><modelVersion>4.0.0</modelVersion>"
                + (g.isEmpty() ? "" : "<groupId>" + g + "</groupId>") + "<artifactId>" + a + "</artifactId><version>" + v
                + "</version><packaging>" + packaging + "</packaging>" + body + "</project>");
        if (!packaging.equals("pom")) {
            Files.write(d.resolve(a + "-" + v + ".jar"), new byte[] {'P', 'K', 5, 6});
        }
    }

    private static String dep(String g, String a, String v, String extra) {
        return "<dependency><groupId>" + g + "</groupId><artifactId>" + a + "</artifactId>"
                + (v == null ? "" : "<version>" + v + "</version>") + extra + "</dependency>";
    }

    @Test
    void followsPropertiesManagementScopesExclusionsAndNearestWins() throws Exception {
        artifact("com.ex", "parent", "1", "pom", "<properties><lib.version>2.0</lib.version></properties>"
                + "<dependencyManagement><dependencies>" + dep("com.ex", "managed", "3.1", "<scope>runtime</scope>")
                + "</dependencies></dependencyManagement>");
        artifact("com.ex", "app", "1.0", "jar", "<parent><groupId>com.ex</groupId><artifactId>parent</artifactId>"
                + "<version>1</version></parent><dependencies>"
                + dep("com.ex", "lib", "${lib.version}", "")
                + dep("com.ex", "managed", null, "")
                + dep("com.ex", "testonly", "1", "<scope>test</scope>")
                + dep("com.ex", "opt", "1", "<optional>true</optional>")
                + dep("com.ex", "lib2", "${project.version}", "<exclusions><exclusion><groupId>com.ex</groupId>"
                        + "<artifactId>excluded</artifactId></exclusion></exclusions>")
                + dep("com.ex", "ghost", "1", "")
                + "</dependencies>");
        artifact("com.ex", "lib", "2.0", "jar", "<dependencies>" + dep("com.ex", "deep", "1", "")
                + dep("com.ex", "managed", "9.9", "") + "</dependencies>");
        artifact("com.ex", "managed", "3.1", "jar", "");
        artifact("com.ex", "managed", "9.9", "jar", "");
        artifact("com.ex", "lib2", "1.0", "jar", "<dependencies>" + dep("com.ex", "excluded", "1", "") + "</dependencies>");
        artifact("com.ex", "excluded", "1", "jar", "");
        artifact("com.ex", "deep", "1", "jar", "");
        artifact("com.ex", "testonly", "1", "jar", "");
        artifact("com.ex", "opt", "1", "jar", "");

        LocalMavenRepository.Resolution r = new LocalMavenRepository(repo).resolve("com.ex:app:1.0");
        assertEquals(List.of("com.ex:app:1.0", "com.ex:lib:2.0", "com.ex:managed:3.1", "com.ex:lib2:1.0", "com.ex:deep:1"),
                r.artifacts().stream().map(LocalMavenRepository.Artifact::coordinates).toList());
        for (LocalMavenRepository.Artifact a : r.artifacts()) {
            assertTrue(Files.isRegularFile(a.jar()), a.jar().toString());
        }
        assertEquals(1, r.missing().size());
        assertTrue(r.missing().get(0).startsWith("com.ex:ghost:1"), r.missing().toString());
    }

    @Test
    void absentArtifactAndBadCoordinatesAreOneLineErrors() {
        LocalMavenRepository m = new LocalMavenRepository(repo);
        RuotException absent = assertThrows(RuotException.class, () -> m.resolve("org.none:thing:1"));
        assertTrue(absent.getMessage().contains("is not in the local Maven repository"), absent.getMessage());
        assertThrows(RuotException.class, () -> m.resolve("just-a-name"));
    }

    @Test
    void resolvesARealArtifactFromTheUserRepository() {
        // commons-math3 is a dependency of this build, so it is in ~/.m2 wherever these tests run.
        LocalMavenRepository.Resolution r = LocalMavenRepository.userDefault().resolve("org.apache.commons:commons-math3:3.6.1");
        assertEquals("commons-math3-3.6.1.jar", r.artifacts().get(0).jar().getFileName().toString());
        assertEquals(List.of(), r.missing());
    }

    @Test
    void interpolatesNestedProperties() {
        assertEquals("1.2.3", LocalMavenRepository.interpolate("${a}", java.util.Map.of("a", "${b}.3", "b", "1.2")));
        assertEquals("${unknown}", LocalMavenRepository.interpolate("${unknown}", java.util.Map.of()));
    }
}
