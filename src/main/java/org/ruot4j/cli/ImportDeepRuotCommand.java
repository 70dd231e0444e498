package org.ruot4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import org.ruot4j.Session;
import org.ruot4j.dynamics.RuotModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ruot4j import-deepruot}: a published DeepRUOT checkpoint pair as a ruot4j model directory. */
@Command(name = "import-deepruot", mixinStandardHelpOptions = true,
        description = "Turn DeepRUOT PyTorch state dicts (fnet: velocity + growth, score: potential) into a model "
                + "directory that evaluate, simulate, export, restore and the analyses accept.")
final class ImportDeepRuotCommand extends CliCommand {
    @Option(names = "--fnet", required = true, paramLabel = "FILE", description = "State dict of v_net and g_net (.pt).")
    Path fnet;

    @Option(names = "--score", required = true, paramLabel = "FILE", description = "State dict of the score net (.pt).")
    Path score;

    @Option(names = "--dim", required = true, paramLabel = "D", description = "Data dimension D (checked against the networks).")
    int dim;

    @Option(names = "--sigma", paramLabel = "S", defaultValue = "0.05",
            description = "Noise σ the model was trained with (DeepRUOT does not store it; default: ${DEFAULT-VALUE}).")
    double sigma;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The model directory to write.")
    Path out;

    @Override
    public Integer call() {
        PrintWriter pw = out();
        try (Session session = Session.create()) {
            session.importDeepRuot(fnet, score, dim, sigma).save(out);
            RuotModel.Spec p = session.model().spec();
            pw.println(String.format(Locale.ROOT, "wrote %s: DeepRUOT model, D = %d, σ = %s; v %dx%d, g %dx%d, s %dx%d "
                    + "(width x hidden layers)", out, p.dim(), p.sigma(), p.width(), p.depth(), p.growthWidth(),
                    p.growthDepth(), p.scoreWidth(), p.scoreDepth()));
        }
        pw.flush();
        return 0;
    }
}
