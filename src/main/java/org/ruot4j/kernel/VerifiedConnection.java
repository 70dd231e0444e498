package org.ruot4j.kernel;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.Loop;
import org.dflib.jjava.jupyter.channels.ShellChannel;
import org.dflib.jjava.jupyter.channels.ShellHandler;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.publish.PublishStatus;
import org.zeromq.ZMQ;

/**
 * jjava-jupyter's connection with shell and control channels that survive bad messages.
 *
 * <p>In jjava-jupyter 1.0-a6 a message whose HMAC signature does not match makes the channel's reader throw
 * {@link SecurityException} out of its loop, which ends the thread: one forged message leaves the kernel
 * deaf. Here each channel reads in its own loop that drops such a message (no reply, no execution, a line on
 * the kernel's log) and keeps serving; an unparsable message is dropped the same way. Heartbeat, iopub and
 * stdin are jjava-jupyter's own, bound where the connection file says.
 */
final class VerifiedConnection extends JupyterConnection {
    private static final Logger LOG = Logger.getLogger(VerifiedConnection.class.getName());

    private final KernelConnectionProperties props;
    private final ZMQ.Context shellContext = ZMQ.context(1);
    private final VerifiedShellChannel verifiedShell;
    private final VerifiedShellChannel verifiedControl;
    private volatile boolean connected;
    private volatile boolean closed;

    VerifiedConnection(KernelConnectionProperties props) throws NoSuchAlgorithmException, InvalidKeyException {
        super(props);
        this.props = props;
        HMACGenerator hmac = props.createHMACGenerator();
        this.verifiedShell = new VerifiedShellChannel(shellContext, hmac, false, this);
        this.verifiedControl = new VerifiedShellChannel(shellContext, hmac, true, this);
    }

    @Override
    public synchronized void connect() {
        if (connected) {
            return;
        }
        // The inherited shell and control sockets stay unbound: ours take their ports.
        heartbeat.bind(props);
        iopub.bind(props);
        stdin.bind(props);
        verifiedShell.bind(props);
        verifiedControl.bind(props);
        connected = true;
        getIOPub().sendMessage(new Message<>(null, PublishStatus.MESSAGE_TYPE, PublishStatus.STARTING));
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        verifiedShell.close();
        verifiedControl.close();
        super.close();
        shellContext.close();
    }

    @Override
    public void waitUntilClose() {
        verifiedShell.waitUntilClose();
        verifiedControl.waitUntilClose();
        super.waitUntilClose();
    }

    /** A shell (or control) channel whose loop drops unverifiable messages instead of dying. */
    static final class VerifiedShellChannel extends ShellChannel {
        private static final long POLL_MS = 50;
        private final boolean control;
        private final JupyterConnection connection;
        private volatile Loop loop;

        VerifiedShellChannel(ZMQ.Context ctx, HMACGenerator hmac, boolean control, JupyterConnection connection) {
            super(ctx, hmac, control, connection);
            this.control = control;
            this.connection = connection;
        }

        @Override
        public void bind(KernelConnectionProperties props) {
            if (loop != null) {
                throw new IllegalStateException("channel already bound");
            }
            int port = control ? props.getControlPort() : props.getShellPort();
            String address = formatAddress(props.getTransport(), props.getIp(), port);
            if (!bind(address)) {
                throw new IllegalStateException("cannot bind " + (control ? "control" : "shell") + " to " + address);
            }
            ZMQ.Poller poller = ctx.poller(1);
            poller.register(this, ZMQ.Poller.POLLIN);
            String name = control ? "ruot4j-control" : "ruot4j-shell";
            Loop l = new Loop(name, 0, () -> serveOne(poller));
            // Whatever a handler throws (an Error included), the channel keeps serving.
            l.onError(t -> {
                LOG.log(Level.WARNING, name + ": " + t, t);
                return 0;
            });
            loop = l;
            l.start();
        }

        private void serveOne(ZMQ.Poller poller) {
            if (poller.poll(POLL_MS) <= 0) {
                return;
            }
            Message<?> message;
            try {
                message = readMessage();
            } catch (SecurityException e) {
                LOG.warning("dropped a message with an invalid signature");
                return;
            } catch (RuntimeException e) {
                LOG.warning("dropped an unreadable message: " + e);
                return;
            }
            if (message == null) {
                return;
            }
            dispatch(message);
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private void dispatch(Message message) {
            MessageType type = message.getHeader().getType();
            ShellHandler handler = connection.getHandler(type);
            if (handler == null) {
                LOG.fine("no handler for " + type.getName());
                return;
            }
            ShellReplyEnvironment env = connection.prepareReplyEnv(this, message);
            try {
                handler.handle(env, message);
            } catch (Exception e) {
                LOG.log(Level.WARNING, "handling " + type.getName() + ": " + e, e);
            } finally {
                env.resolveDeferrals();
            }
            if (env.isMarkedForShutdown()) {
                // Close from another thread: close() joins this loop's thread.
                Thread t = new Thread(connection::close, "ruot4j-shutdown");
                t.start();
            }
        }

        @Override
        public void close() {
            Loop l = loop;
            if (l != null) {
                l.shutdown();
                if (Thread.currentThread() != l) {
                    try {
                        l.join(2000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
            super.close();
        }

        @Override
        public void waitUntilClose() {
            Loop l = loop;
            if (l != null) {
                try {
                    l.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
