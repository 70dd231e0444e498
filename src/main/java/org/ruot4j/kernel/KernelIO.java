package org.ruot4j.kernel;

import java.nio.charset.StandardCharsets;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.JupyterIO;

/**
 * jjava-jupyter's notebook streams (stdout, stderr, stdin, display), with the attach/detach of a request's
 * reply environment opened to the kernel (jjava-jupyter keeps them package-private to its own base kernel).
 */
final class KernelIO extends JupyterIO {
    KernelIO() {
        super(StandardCharsets.UTF_8);
    }

    /** Routes output and displays to the request of {@code env} until {@link #detach}. */
    void attach(ShellReplyEnvironment env, boolean stdinEnabled) {
        setEnv(env);
        setJupyterInEnabled(stdinEnabled);
    }

    void detach(ShellReplyEnvironment env) {
        retractEnv(env);
    }

    /** Sends what the cell printed so far (called periodically while a cell runs, and at its end). */
    void flush() {
        out.flush();
        err.flush();
    }
}
