package org.ruot4j.kernel;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;

/**
 * Entry point Jupyter starts (see the kernelspec written by {@code ruot4j kernel install}):
 * {@code java … org.ruot4j.kernel.KernelMain CONNECTION_FILE}. Binds the five channels where the connection
 * file says, serves until a shutdown request, then exits.
 */
public final class KernelMain {
    private KernelMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("--warmup")) {
            warmUp();
            System.exit(0);
        }
        if (args.length != 1) {
            System.err.println("usage: java -cp … org.ruot4j.kernel.KernelMain CONNECTION_FILE");
            System.exit(2);
        }
        String json;
        try {
            json = Files.readString(Path.of(args[0]));
        } catch (NoSuchFileException e) {
            System.err.println("ruot4j kernel: connection file " + args[0] + " does not exist");
            System.exit(2);
            return;
        }
        KernelConnectionProperties props = KernelConnectionProperties.parse(json);
        RuotKernel kernel = RuotKernel.create();
        VerifiedConnection connection = new VerifiedConnection(props);
        kernel.becomeHandlerForConnection(connection);
        kernel.onStartup();
        handleSigint(kernel);
        connection.connect();
        connection.waitUntilClose();
        // JShell and training threads may still be alive; the kernel's life ends with the connection.
        System.exit(0);
    }

    /**
     * Does once what every kernel start does (JShell's first compilation, a rendered table and chart) and
     * exits; {@code ruot4j kernel install} runs it to record a class-data-sharing archive that makes later
     * kernel starts faster.
     */
    static void warmUp() {
        RuotKernel kernel = RuotKernel.create();
        kernel.onStartup();
        long t0 = System.nanoTime();
        Object v = kernel.evalRaw("var t = Table.create(\"t\", DoubleColumn.create(\"x\", 1, 2, 3));\n"
                + "var c = new XYChartBuilder().width(64).height(48).build();\nc.addSeries(\"s\", new double[] {1, 2}, "
                + "new double[] {2, 1});\nt");
        kernel.getRenderer().render(v);
        kernel.getRenderer().render(kernel.evalRaw("c"));
        System.out.printf(java.util.Locale.ROOT, "warm-up: first cells in %.2f s%n", (System.nanoTime() - t0) / 1e9);
        kernel.onShutdown(false);
    }

    /**
     * With interrupt_mode "signal" Jupyter interrupts by SIGINT, which would end the JVM; make it interrupt
     * the running cell instead (the kernelspec asks for interrupt messages, this keeps Ctrl-C and
     * signal-mode frontends safe too).
     */
    @SuppressWarnings("restriction")
    private static void handleSigint(RuotKernel kernel) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), sig -> kernel.interrupt());
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            System.err.println("ruot4j kernel: SIGINT cannot be handled here (" + e.getMessage()
                    + "); interrupts arrive as messages");
        }
    }
}
