package org.ruot4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.ruot4j.DidYouMean;
import org.ruot4j.RuotException;
import org.ruot4j.data.DatasetRegistry;
import org.ruot4j.train.TrainingConfig;

/** {@code config keys|presets}, "did you mean" for mistyped keys, and {@code datasets fetch NAME --from FILE}. */
class ConfigAndDatasetsCommandsTest {
    static final Path SIM = Path.of("..", "shared", "data", "simulation_gene.csv");

    @RegisterExtension
    final TemporaryDataCache cache = new TemporaryDataCache();
    @TempDir
    Path dir;

    @Test
    void configKeysListsEveryKeyTheParserAcceptsWithItsDefault() {
        CliRun.Result r = CliRun.run("config", "keys");
        assertEquals(0, r.code(), r.err());
        Map<String, String> all = new TrainingConfig().asMap();
        List<String> lines = r.out().lines().toList();
        assertEquals(all.size(), lines.size(), r.out());
        for (String key : all.keySet()) {
            assertTrue(lines.stream().anyMatch(l -> l.split("\\s+")[0].equals(key)), "key " + key + " listed");
        }
        assertTrue(lines.stream().anyMatch(l -> l.matches("pretrain\\.epochs\\s+50\\s+stage A epochs.*")), r.out());
        CliRun.Result one = CliRun.run("config", "keys", "sigma");
        assertEquals(0, one.code(), one.err());
        assertEquals(1, one.out().lines().count(), one.out());
        assertTrue(one.out().startsWith("sigma ") && one.out().contains("0.05"), one.out());
    }

    @Test
    void aMistypedKeyGetsTheNearestKeysNotAllOfThem() {
        CliRun.Result r = CliRun.run("config", "keys", "pretrain.epoch");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("did you mean 'pretrain.epochs'"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        RuotException e = assertThrows(RuotException.class, () -> new TrainingConfig().set("sigam", "0.1"));
        assertTrue(e.getMessage().contains("did you mean 'sigma'?"), e.getMessage());
        assertFalse(e.getMessage().contains("checkpoint.every"), "does not dump every key: " + e.getMessage());
        RuotException e2 = assertThrows(RuotException.class, () -> new TrainingConfig().apply("refine_epochs = 3"));
        assertTrue(e2.getMessage().contains("'pretrain.refine_epochs'"), e2.getMessage());
        assertEquals("", DidYouMean.suffix("banana", new TrainingConfig().asMap().keySet()), "nothing close");
        assertEquals(List.of("train.lr"), DidYouMean.closest("train.lr", List.of("train.lr", "score.batch")));
    }

    @Test
    void configPresetsShowsWhatEachPresetSets() {
        CliRun.Result r = CliRun.run("config", "presets");
        assertEquals(0, r.code(), r.err());
        for (String p : TrainingConfig.presetNames()) {
            assertTrue(r.out().contains(p + (p.equals("simulation") ? " (the default)" : "") + ":\n"), p + " in\n" + r.out());
        }
        CliRun.Result quick = CliRun.run("config", "presets", "quick");
        assertEquals(0, quick.code(), quick.err());
        Map<String, String> expected = TrainingConfig.presetOverrides("quick");
        assertEquals(expected.size() + 1, quick.out().lines().count(), quick.out());
        TrainingConfig applied = TrainingConfig.preset("quick");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            assertTrue(quick.out().contains(e.getKey()), e.getKey());
            assertEquals(applied.get(e.getKey()), new TrainingConfig().set(e.getKey(), e.getValue()).get(e.getKey()));
        }
        CliRun.Result bad = CliRun.run("config", "presets", "simulatoin");
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("did you mean 'simulation'"), bad.err());
    }

    @Test
    void fetchFromAFileChecksItsSha256ThenCachesIt() throws Exception {
        assumeTrue(Files.isRegularFile(SIM), "skipped: " + SIM + " is absent");
        Path cache = this.cache.folder();
        Path wrong = dir.resolve("simulation_gene.csv");
        Files.writeString(wrong, Files.readString(SIM).replaceFirst("\n0.0,", "\n1.0,")); // same size, other content
        CliRun.Result bad = CliRun.run("datasets", "fetch", "simulation_gene", "--from", wrong.toString());
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains(wrong.toString()) && bad.err().contains("wrong checksum"), bad.err());
        assertEquals(1, bad.err().strip().lines().count(), bad.err());
        try (Stream<Path> s = Files.list(cache)) {
            assertEquals(List.of(), s.toList(), "a refused file leaves nothing in the cache");
        }
        CliRun.Result ok = CliRun.run("datasets", "fetch", "simulation_gene", "--from", SIM.toString());
        assertEquals(0, ok.code(), ok.err());
        Path cached = cache.resolve("simulation_gene.csv");
        assertEquals(DatasetRegistry.sha256(SIM), DatasetRegistry.sha256(cached));
        assertTrue(ok.out().contains("d41e3bcd94ff5538"), ok.out());
        assertEquals(cached, DatasetRegistry.standard().resolve("simulation_gene"), "now usable as --data simulation_gene");
        CliRun.Result two = CliRun.run("datasets", "fetch", "emt", "simulation_gene", "--from", SIM.toString());
        assertEquals(2, two.code(), two.err());
    }
}
