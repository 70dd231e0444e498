package org.ruot4j.kernel;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * JShell execution in this JVM that keeps the value of each evaluated snippet as a live object.
 *
 * <p>JShell's API only hands back a value's string form. Here the snippet's {@code do_it$} method runs on a
 * worker thread (so that an interrupt can stop it without touching the thread that talks to Jupyter), its
 * result is stored under a fresh key and the key is what JShell sees as the "value"; the evaluator then
 * {@link #take takes} the object back by key. Running in this JVM is what lets the notebook's {@code ruot}
 * variable be the very session object the magics use.
 */
final class ObjectExecutionControl extends DirectExecutionControl {
    /** Prefix of the keys this control returns instead of value strings. */
    static final String KEY_PREFIX = "\u0000ruot4j-value-";

    private final Map<String, Object> values = new ConcurrentHashMap<>();
    private final AtomicLong nextKey = new AtomicLong();
    private volatile Thread running;
    /** Set by {@link #stop()} until {@link #resetStop()}: no snippet may run, the running one ends. */
    private volatile boolean stopRequested;
    private volatile boolean lastStopped;

    /** A provider that hands JShell this exact instance, so the kernel can reach it. */
    ExecutionControlProvider provider() {
        ObjectExecutionControl self = this;
        return new ExecutionControlProvider() {
            @Override
            public String name() {
                return "ruot4j-local";
            }

            @Override
            public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
                return self;
            }
        };
    }

    /** Loads a cell's classes with their exit calls trapped ({@link ExitTrap}). */
    @Override
    public void load(ClassBytecodes[] classes) throws ClassInstallException, NotImplementedException,
            EngineTerminationException {
        super.load(ExitTrap.rewrite(classes));
    }

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        Thread worker = new Thread(() -> {
            try {
                if (stopRequested) { // stop() came between the check below and start()
                    throw new ThreadDeath();
                }
                result[0] = doitMethod.invoke(null);
            } catch (InvocationTargetException e) {
                failure[0] = e;
            } catch (Throwable t) { // ThreadDeath from stop(), or an error thrown before user code ran
                failure[0] = t;
            }
        }, "ruot4j-cell");
        // Classes added with %jars/%maven are visible to ServiceLoader and friends through the context loader.
        worker.setContextClassLoader(doitMethod.getDeclaringClass().getClassLoader());
        worker.setDaemon(true);
        lastStopped = false;
        running = worker;
        try {
            // stop() sets the flag before it looks at running: one of the two sees the other.
            if (!stopRequested) {
                worker.start();
            }
            worker.join();
        } finally {
            running = null;
        }
        if (stopRequested || failure[0] instanceof ThreadDeath) {
            // JShell treats a stopped snippet as finished without a value; remember it for the evaluator.
            lastStopped = true;
            throw new ExecutionControl.StoppedException();
        }
        if (failure[0] instanceof InvocationTargetException) {
            throw (InvocationTargetException) failure[0];
        }
        if (failure[0] instanceof Exception) {
            throw (Exception) failure[0];
        }
        if (failure[0] != null) {
            throw new InvocationTargetException(failure[0]);
        }
        String key = KEY_PREFIX + nextKey.incrementAndGet();
        values.put(key, result[0] == null ? NULL : result[0]);
        return key;
    }

    /**
     * Stops the snippet that is running, if any. Java code has no other way to end a loop that does not
     * check for interruption; the thread is first interrupted (so sleeps and waits end cleanly) and then
     * stopped if it is still running after a short grace period.
     */
    @Override
    @SuppressWarnings({"deprecation", "removal"})
    public void stop() {
        // The flag first: a snippet about to start (its worker not yet visible here) must see it.
        stopRequested = true;
        Thread t = running;
        if (t == null) {
            return;
        }
        t.interrupt();
        try {
            t.join(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            t.stop();
        }
    }

    /** Allows snippets to run again after a {@link #stop()} (at the start of each cell). */
    void resetStop() {
        stopRequested = false;
    }

    /** True when the last snippet run was stopped by {@link #stop()}. */
    boolean lastStopped() {
        return lastStopped;
    }

    /** True while a snippet runs. */
    boolean isRunning() {
        return running != null;
    }

    /**
     * The object stored under a value key and forgets it; {@code null} for a key that holds null or is not
     * one of ours.
     */
    Object take(String key) {
        if (key == null || !key.startsWith(KEY_PREFIX)) {
            return null;
        }
        Object v = values.remove(key);
        return v == NULL ? null : v;
    }

    /** Forgets every stored value (values of declarations nobody asked for). */
    void clearValues() {
        values.clear();
    }

    private static final Object NULL = new Object();
}
