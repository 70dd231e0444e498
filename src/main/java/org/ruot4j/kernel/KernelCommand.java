package org.ruot4j.kernel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ruot4j kernel install}: registers the Jupyter kernel (DESIGN.md §5.1, §5.3). */
@Command(name = "kernel", mixinStandardHelpOptions = true, description = "The Jupyter kernel 'Java (ruot4j)'.",
        subcommands = {KernelCommand.Install.class})
public final class KernelCommand implements Runnable {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "kernel: missing subcommand (install)");
    }

    /** Writes the kernelspec {@code ruot4j}. */
    @Command(name = "install", mixinStandardHelpOptions = true,
            description = {"Install the kernelspec 'ruot4j' (display name 'Java (ruot4j)') so that Jupyter can start "
                    + "the kernel with this build's class path and JVM options.",
                    "Default: --user."})
    public static final class Install implements Callable<Integer> {
        static final class Target {
            @Option(names = "--user", description = "For the current user (~/.local/share/jupyter/kernels).")
            boolean user;

            @Option(names = "--sys-prefix", description = "Into the Python environment Jupyter runs in.")
            boolean sysPrefix;

            @Option(names = "--prefix", paramLabel = "DIR", description = "Into DIR/share/jupyter/kernels.")
            Path prefix;
        }

        @ArgGroup(exclusive = true, multiplicity = "0..1")
        Target target;

        @Option(names = "--threads", paramLabel = "N",
                description = "PyTorch intra-op threads of the kernel (default: RUOT4J_THREADS or 1).")
        Integer threads;

        @Option(names = "--heap", paramLabel = "SIZE", description = "Heap limit of the kernel, e.g. 8g (default: "
                + "RUOT4J_KERNEL_HEAP, else half the memory up to 4g).")
        String heap;

        @Option(names = "--jvm-option", paramLabel = "OPT", description = "An extra JVM option, e.g. -Xmx8g (repeatable).")
        List<String> jvmOptions = new ArrayList<>();

        @Option(names = "--no-cds", description = "Do not record a class-data-sharing archive for faster kernel starts.")
        boolean noCds;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Path kernels;
            if (target == null || target.user) {
                kernels = KernelInstaller.userKernelsDir();
            } else if (target.sysPrefix) {
                kernels = KernelInstaller.sysPrefixKernelsDir();
            } else {
                kernels = KernelInstaller.prefixKernelsDir(target.prefix);
            }
            String home = System.getProperty("ruot4j.home");
            Path dir = KernelInstaller.install(KernelInstaller.templateDir(), kernels, KernelInstaller.currentJava(),
                    KernelInstaller.jvmOptions(threads == null ? KernelInstaller.defaultThreads() : threads,
                            home == null ? null : Path.of(home), heap, jvmOptions),
                    KernelInstaller.currentClassPath(), noCds ? null : System.err);
            spec.commandLine().getOut().println("installed kernelspec '" + KernelInstaller.KERNEL_NAME + "' (Java (ruot4j)) in "
                    + dir);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
