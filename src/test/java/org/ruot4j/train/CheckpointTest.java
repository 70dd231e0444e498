package org.ruot4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ruot4j.RuotException;
import org.ruot4j.Session;
import org.ruot4j.data.Snapshots;

class CheckpointTest {
    @TempDir
    Path dir;

    @Test
    void saveLoadRoundTripGivesIdenticalOutputs() {
        Path model = dir.resolve("model");
        double[] before;
        double[] sdeBefore;
        try (Session s = TinyFits.session(40)) {
            s.pretrain();
            s.score();
            s.save(model);
            before = s.simulate("ode", new double[] {1, 2}, 0).positions().get(1);
            sdeBefore = s.simulate("sde", new double[] {2}, 0).positions().get(0);
            assertTrue(Files.exists(model.resolve("parameters.bin")));
            assertTrue(Files.exists(model.resolve("history.csv")));
        }
        try (Session s = Session.create().restore(model).load(TinyFits.toggle(40))) {
            assertArrayEquals(before, s.simulate("ode", new double[] {1, 2}, 0).positions().get(1), 0.0);
            assertArrayEquals(sdeBefore, s.simulate("sde", new double[] {2}, 0).positions().get(0), 0.0);
            assertEquals(3 + 2, s.history().rows().stream().filter(r -> !r.stage().equals("score")).count());
        }
    }

    /** A model saved after one pretraining epoch of a tiny fit: a valid checkpoint to break. */
    private Path quicklySavedModel() {
        Path model = dir.resolve("model");
        try (Session s = TinyFits.session(30)) {
            s.config("pretrain.epochs = 1\npretrain.refine_epochs = 0").pretrain();
            s.save(model);
        }
        return model;
    }

    @Test
    void truncatedCheckpointIsAClearError() throws Exception {
        Path model = quicklySavedModel();
        Path p = model.resolve("parameters.bin");
        byte[] b = Files.readAllBytes(p);
        Files.write(p, java.util.Arrays.copyOf(b, b.length / 2));
        RuotException e = assertThrows(RuotException.class, () -> Session.create().restore(model));
        assertTrue(e.getMessage().contains("parameters.bin"), e.getMessage());
    }

    @Test
    void otherVersionAndDimensionMismatchAreClearErrors() throws Exception {
        Path model = quicklySavedModel();
        // dimension mismatch: a 3-dimensional data set against the 2-dimensional model
        Snapshots three = Snapshots.builder("a", "b", "c").source("three.csv").add(0, 1, 2, 3).add(0, 2, 3, 4)
                .add(1, 1, 1, 1).add(1, 2, 2, 2).build();
        try (Session s = Session.create().restore(model)) {
            RuotException e = assertThrows(RuotException.class, () -> s.load(three));
            assertTrue(e.getMessage().contains("3 dimensions") && e.getMessage().contains("2"), e.getMessage());
        }
        Path cfg = model.resolve("config.json");
        Files.writeString(cfg, Files.readString(cfg).replace("\"version\": " + Checkpoint.VERSION, "\"version\": 99"));
        RuotException e = assertThrows(RuotException.class, () -> Session.create().restore(model));
        assertTrue(e.getMessage().contains("version 99"), e.getMessage());
        Files.writeString(cfg, "{\"format\": \"ruot4j-mo");
        e = assertThrows(RuotException.class, () -> Session.create().restore(model));
        assertTrue(e.getMessage().contains("config.json"), e.getMessage());
    }
}
