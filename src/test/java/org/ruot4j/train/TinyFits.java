package org.ruot4j.train;

import org.ruot4j.Session;
import org.ruot4j.data.Snapshots;
import org.ruot4j.data.synthetic.ToggleSwitch;

/** Small data and settings that make a full fit take seconds (shared by the engine tests). */
final class TinyFits {
    private TinyFits() {
    }

    static Snapshots toggle(int cells) {
        return ToggleSwitch.builder().cells(cells).times(0, 1, 2).sigma(0.1).seed(3).maxCellsPerTime(cells + 20)
                .build().generate().snapshots();
    }

    static final String TINY = String.join("\n", "width = 16", "depth = 2", "growth_width = 16", "growth_depth = 2",
            "score_width = 16", "score_depth = 2", "step = 0.1", "eval.step = 0.1", "train.step = 0.1",
            "pretrain.epochs = 3", "pretrain.refine_epochs = 2", "pretrain.lr = 1e-3", "score.iterations = 20",
            "score.lr = 1e-3", "train.epochs = 2", "seed = 5");

    static Session session(int cells) {
        return Session.create().preset("quick").config(TINY).load(toggle(cells));
    }
}
