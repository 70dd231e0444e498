package org.ruot4j.kernel;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.magic.UndefinedMagicException;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import com.google.gson.annotations.SerializedName;
import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.reply.KernelInfoReply;
import org.dflib.jjava.jupyter.messages.request.HistoryRequest;
import org.dflib.jjava.jupyter.messages.request.InterruptRequest;
import org.dflib.jjava.jupyter.messages.request.KernelInfoRequest;
import org.dflib.jjava.jupyter.messages.request.ShutdownRequest;
import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager;
import java.util.EnumSet;
import org.dflib.jjava.jupyter.messages.publish.PublishError;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteInput;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteResult;
import org.dflib.jjava.jupyter.messages.reply.ErrorReply;
import org.dflib.jjava.jupyter.messages.reply.ExecuteReply;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;
import org.ruot4j.RuotException;
import org.ruot4j.Session;

/**
 * The ruot4j Jupyter kernel: Java cells evaluated by {@link JavaEvaluator} (JShell, in this JVM), the
 * {@code %ruot} magics on one live {@link Session} (the notebook variable {@code ruot}), class-path magics,
 * rich displays from {@link Renderers} and a live training chart from {@link ProgressDisplay}.
 *
 * <p>Protocol handling (messages, signatures, channels, kernel_info, history, comms) is jjava-jupyter's;
 * this class answers execute, complete, inspect, is_complete and interrupt requests. A failing cell — a
 * compile error, an exception, an {@link OutOfMemoryError} — becomes an error reply; the kernel keeps
 * running.
 */
public final class RuotKernel extends BaseKernel {
    public static final String NAME = "ruot4j";
    public static final String VERSION = "0.1.0";

    private static final Pattern MAGIC_LINE = Pattern.compile("^(\\s*)(%%?)([A-Za-z][\\w.-]*)?(.*)$");
    private static final Object NO_VALUE = new Object();

    private final KernelIO kio;
    private final CellHistory cells;
    private final Session session = Session.create();
    private final CompletableFuture<JavaEvaluator> java = new CompletableFuture<>();
    private final ProgressDisplay progress;
    private volatile boolean cellInterrupted;
    /** Set by the memory watchdog when it stopped the running cell. */
    private volatile boolean memoryStopped;
    /** Display ids handed out by display(…) during the running cell: such a String is not the cell's result. */
    private final Set<String> cellDisplayIds = ConcurrentHashMap.newKeySet();

    /** The kernel's Help menu (kernel_info help_links). */
    static final List<HelpLink> HELP_LINKS = List.of(
            new HelpLink("ruot4j README", "https://github.com/ruot4j/ruot4j#readme"),
            new HelpLink("ruot4j tutorials", "https://github.com/ruot4j/ruot4j/tree/HEAD/notebooks"),
            new HelpLink("ruot4j design", "https://github.com/ruot4j/ruot4j/blob/HEAD/DESIGN.md"));

    private RuotKernel(KernelIO io, CellHistory history, Renderer renderer, MagicsRegistry magics) {
        super(NAME, VERSION, new LanguageInfo.Builder("java").version(Runtime.version().toString())
                        .mimetype("text/x-java-source").fileExtension(".jshell").pygments("java").codemirror("java")
                        .build(), HELP_LINKS, history, io, new CommManager(), renderer, null, magics, false,
                new StringStyler.Builder().build());
        this.kio = io;
        this.cells = history;
        Renderers.registerAll(renderer);
        this.progress = new ProgressDisplay(renderer, new ProgressDisplay.Sink() {
            @Override
            public boolean attached() {
                return kio.display.isAttached();
            }

            @Override
            public void display(DisplayData data) {
                kio.display.display(data);
            }

            @Override
            public void update(DisplayData data) {
                kio.display.updateDisplay(data);
            }
        });
        session.addListener(progress);
        RuotMagics ruot = new RuotMagics(session, this::show);
        magics.registerLineMagic("ruot", (kernel, args) -> {
            MemoryGuard.checkHeadroom("%ruot " + String.join(" ", args));
            ruot.line(args);
            return null;
        });
        magics.registerCellMagic("ruot", (kernel, args, body) -> {
            MemoryGuard.checkHeadroom("%%ruot " + String.join(" ", args));
            ruot.cell(args, body);
            return null;
        });
        magics.registerLineMagic("jars", (kernel, args) -> {
            classpathMagics().jars(args);
            return null;
        });
        magics.registerLineMagic("classpath", (kernel, args) -> {
            classpathMagics().classpath(args);
            return null;
        });
        magics.registerLineMagic("maven", (kernel, args) -> {
            classpathMagics().maven(args);
            return null;
        });
        magics.registerLineMagic("lsmagic", (kernel, args) -> {
            show(new DisplayData(lsmagic()));
            return null;
        });
        MemoryGuard.watch(this::onMemoryPressure);
    }

    /** A kernel ready to be connected (see {@link KernelMain}). */
    public static RuotKernel create() {
        return new RuotKernel(new KernelIO(), new CellHistory(), new NotebookRenderer(), new MagicsRegistry());
    }

    /** What {@code %lsmagic} prints: every line and cell magic with what it does. */
    String lsmagic() {
        Map<String, String> what = Map.of(
                "ruot", "the ruot4j session: load, config, pretrain, score, train, eval, simulate, plot, save, restore "
                        + "(%ruot help lists them all)",
                "jars", "add jars or class folders to the class path",
                "classpath", "add class path entries",
                "maven", "add a Maven artifact (and its dependencies) from the local repository",
                "lsmagic", "this list");
        StringBuilder sb = new StringBuilder("Line magics:\n");
        for (String n : new TreeSet<>(magicsRegistry.getLineMagicNames())) {
            sb.append(String.format(Locale.ROOT, "  %%%-10s %s%n", n, what.getOrDefault(n, "")));
        }
        sb.append("Cell magics:\n");
        for (String n : new TreeSet<>(magicsRegistry.getCellMagicNames())) {
            sb.append(String.format(Locale.ROOT, "  %%%%%-9s %s%n", n,
                    n.equals("ruot") ? "several %ruot commands, one per line" : what.getOrDefault(n, "")));
        }
        return sb.toString().stripTrailing();
    }

    /**
     * The memory watchdog saw a full collection leave the heap nearly full: stop the running cell before it
     * spends minutes in back-to-back collections. Its error then says out of memory.
     */
    private void onMemoryPressure() {
        MemoryGuard.releaseReserve(); // the heap is nearly full: give the kernel's own threads room to report it
        JavaEvaluator j = java.getNow(null);
        boolean running = session.status().running() != null || (j != null && j.isRunning());
        if (running && !memoryStopped) {
            memoryStopped = true;
            interrupt();
        }
    }

    /** Records the id of every display of the running cell (see {@link #cellDisplayIds}). */
    @Override
    public void display(DisplayData data) {
        if (data.getDisplayId() != null) {
            cellDisplayIds.add(data.getDisplayId());
        }
        super.display(data);
    }

    /**
     * The session of the running notebook — the object behind the notebook variable {@code ruot} and the
     * {@code %ruot} magics.
     */
    public static Session notebookSession() {
        return ((RuotKernel) BaseKernel.notebookKernel()).session;
    }

    /** This kernel's session. */
    public Session session() {
        return session;
    }

    @Override
    public String getBanner() {
        return "ruot4j " + VERSION + " — Java " + Runtime.version() + " (JShell). The session is `ruot`; %ruot help "
                + "lists the magics.";
    }

    /**
     * Registers this kernel as the notebook's kernel and starts JShell in the background: its first
     * compilation takes a second or two, which then overlaps with Jupyter connecting and sending the first
     * cell (which waits for it).
     */
    @Override
    public void onStartup() {
        super.onStartup();
        Thread starter = new Thread(() -> {
            try {
                java.complete(startJava());
            } catch (Throwable t) {
                java.completeExceptionally(t);
            }
        }, "ruot4j-jshell-start");
        starter.setDaemon(true);
        starter.start();
    }

    private JavaEvaluator startJava() {
        JavaEvaluator j = new JavaEvaluator(System.getProperty("java.class.path"));
        StringBuilder imports = new StringBuilder();
        for (String imp : defaultImports()) {
            imports.append("import ").append(imp).append(";\n");
        }
        j.eval(imports.toString(), 0, 1);
        j.eval("org.ruot4j.Session ruot = org.ruot4j.kernel.RuotKernel.notebookSession();", 0, 1);
        return j;
    }

    private JavaEvaluator java() {
        try {
            return java.join();
        } catch (CompletionException e) {
            Throwable c = e.getCause() == null ? e : e.getCause();
            throw new CellError("KernelStartError", "Java evaluation could not start: " + c,
                    List.of(JavaEvaluator.red("KernelStartError") + ": Java evaluation could not start: " + c));
        }
    }

    private ClasspathMagics classpathMagics() {
        return new ClasspathMagics(java(), LocalMavenRepository.userDefault(), this::show);
    }

    /**
     * Imports every cell starts with: common JDK packages, the ruot4j API (each package of it present on the
     * class path), Tablesaw's and XChart's APIs, and jjava-jupyter's {@code display}/{@code render} helpers.
     */
    public static List<String> defaultImports() {
        List<String> imports = new ArrayList<>(List.of("java.util.*", "java.util.function.*", "java.util.stream.*",
                "java.io.*", "java.nio.file.*", "java.math.*"));
        for (String pkg : ruotPackages()) {
            imports.add(pkg + ".*");
        }
        imports.addAll(List.of("tech.tablesaw.api.*", "org.knowm.xchart.*", "org.knowm.xchart.style.*",
                "static org.dflib.jjava.jupyter.kernel.BaseNotebookStatics.*"));
        return imports;
    }

    /** The org.ruot4j packages in the jar or class folder this kernel was loaded from, but cli and kernel. */
    static Set<String> ruotPackages() {
        Set<String> pkgs = new TreeSet<>();
        try {
            Path where = Path.of(RuotException.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(where)) {
                Path base = where.resolve("org/ruot4j");
                try (Stream<Path> files = Files.walk(base)) {
                    files.filter(p -> p.toString().endsWith(".class"))
                            .forEach(p -> pkgs.add(where.relativize(p.getParent()).toString().replace(File.separatorChar, '.')));
                }
            } else {
                try (ZipFile zip = new ZipFile(where.toFile())) {
                    zip.stream().map(ZipEntry::getName).filter(n -> n.startsWith("org/ruot4j/") && n.endsWith(".class"))
                            .forEach(n -> pkgs.add(n.substring(0, n.lastIndexOf('/')).replace('/', '.')));
                }
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            pkgs.add("org.ruot4j"); // at least Session and RuotException
        }
        pkgs.removeIf(p -> p.equals("org.ruot4j.cli") || p.startsWith("org.ruot4j.kernel"));
        return pkgs;
    }

    /* ---------------------------------------------------------------- execution */

    /** jjava-jupyter's kernel_info reply lacks the {@code status} every reply must carry; this one has it. */
    private static final class KernelInfoOk extends KernelInfoReply {
        @SerializedName("status")
        private final String status = "ok";

        KernelInfoOk(String protocol, String name, String version, LanguageInfo language, String banner,
                List<HelpLink> links) {
            super(protocol, name, version, language, banner, links);
        }
    }

    @Override
    protected void handleHistoryRequest(ShellReplyEnvironment env, Message<HistoryRequest> message) {
        HistoryRequest request = message.getContent();
        env.setBusyDeferIdle();
        Set<HistoryManager.ResultFlag> flags = EnumSet.noneOf(HistoryManager.ResultFlag.class);
        if (request.includeOutput()) {
            flags.add(HistoryManager.ResultFlag.INCLUDE_OUTPUT);
        }
        List<HistoryEntry> entries = switch (request.getAccessType()) {
            case TAIL -> cells.lookupTail(((HistoryRequest.Tail) request).getMaxReturnLength(), flags);
            case RANGE -> {
                HistoryRequest.Range r = (HistoryRequest.Range) request;
                yield cells.lookupRange(r.getSessionIndex(), r.getStart(), r.getStop(), flags);
            }
            case SEARCH -> {
                HistoryRequest.Search q = (HistoryRequest.Search) request;
                if (q.filterUnique()) {
                    flags.add(HistoryManager.ResultFlag.UNIQUE);
                }
                yield cells.search(q.getPattern(), q.getMaxReturnLength(), flags);
            }
        };
        env.reply(new Replies.History(entries, request.includeOutput()));
    }

    @Override
    protected void handleShutdownRequest(ShellReplyEnvironment env, Message<ShutdownRequest> message) {
        boolean restart = message.getContent().isRestart();
        env.setBusyDeferIdle();
        env.defer().reply(new Replies.Shutdown(restart));
        onShutdown(restart);
        env.resolveDeferrals(); // the reply must leave before the connection closes
        env.markForShutdown();
    }

    @Override
    protected void handleInterruptRequest(ShellReplyEnvironment env, Message<InterruptRequest> message) {
        env.setBusyDeferIdle();
        env.defer().reply(new Replies.Interrupt());
        interrupt();
    }

    @Override
    protected void handleKernelInfoRequest(ShellReplyEnvironment env, Message<KernelInfoRequest> message) {
        env.setBusyDeferIdle();
        env.reply(new KernelInfoOk(Header.PROTOCOL_VERISON, NAME, VERSION, getLanguageInfo(), getBanner(),
                getHelpLinks()));
    }

    @Override
    protected synchronized void handleExecuteRequest(ShellReplyEnvironment env, Message<ExecuteRequest> message) {
        commManager.setMessageContext(message);
        ExecuteRequest request = message.getContent();
        boolean silent = request.isSilent();
        boolean store = request.shouldStoreHistory() && !silent;
        int count = store ? executionCount.getAndIncrement() : executionCount.get();
        env.setBusyDeferIdle();
        if (!silent) {
            env.publish(new PublishExecuteInput(request.getCode(), count));
        }
        replaceOutputStreams(env);
        kio.attach(env, request.isStdinEnabled());
        env.defer(() -> kio.detach(env));
        cellInterrupted = false;
        memoryStopped = false;
        cellDisplayIds.clear();
        String textOut = null;
        StreamPump pump = StreamPump.start(kio);
        try {
            Object value = run(request.getCode(), count);
            pump.stop();
            // System.out.printf(...) as a cell's last line evaluates to the stream itself, display(x) to the id of
            // the display it just showed: neither is a result to show
            if (value != NO_VALUE && !silent && !(value instanceof java.io.PrintStream)
                    && !(value instanceof String id && cellDisplayIds.contains(id))) {
                DisplayData out = value instanceof DisplayData ? (DisplayData) value : getRenderer().render(value);
                env.publish(new PublishExecuteResult(count, out));
                Object text = out.getData(MIMEType.TEXT_PLAIN);
                textOut = text == null ? null : text.toString();
            }
            env.defer().reply(new ExecuteReply(count, Collections.emptyMap()));
        } catch (Throwable t) {
            pump.stop();
            CellError e = memoryStopped ? MemoryGuard.error("a full garbage collection left the heap over "
                    + MemoryGuard.STOP_PERCENT + "% full, so the cell was stopped before it could hang in collections")
                    : asCellError(t);
            env.publish(new PublishError(e.name(), e.value(), e.traceback()));
            ErrorReply reply = new ErrorReply(e.name(), e.value(), e.traceback());
            reply.setExecutionCount(count);
            env.defer().replyError(ExecuteReply.MESSAGE_TYPE.error(), reply);
        } finally {
            pump.stop();
            if (store) {
                cells.add(count, request.getCode(), textOut);
            }
        }
    }

    /** Runs a cell's parts in order; returns the value of a final Java expression, or {@link #NO_VALUE}. */
    private Object run(String code, int count) throws Exception {
        List<CellParser.Part> parts = CellParser.parse(code);
        Object last = NO_VALUE;
        for (CellParser.Part part : parts) {
            if (cellInterrupted) {
                throw interrupted("the cell was interrupted");
            }
            last = NO_VALUE;
            if (part instanceof CellParser.JavaCode j) {
                JavaEvaluator.Result r = java().eval(j.code(), count, j.firstLine());
                if (r.hasValue() && r.value() != null) {
                    last = r.value();
                }
            } else if (part instanceof CellParser.LineMagic m) {
                Object v = magicsRegistry.evalLineMagic(this, m.name(), m.args());
                showIfValue(v);
            } else if (part instanceof CellParser.CellMagic m) {
                Object v = magicsRegistry.evalCellMagic(this, m.name(), m.args(), m.body());
                showIfValue(v);
            }
            if (cellInterrupted) {
                // A stage stopped by an interrupt returns normally; the rest of the cell must not run.
                throw interrupted("interrupted: the stage stopped at a step boundary; the model and the history "
                        + "keep what was done");
            }
        }
        return last;
    }

    private void showIfValue(Object v) {
        if (v != null) {
            show(v);
        }
    }

    /** Displays a value under the running cell with the kernel's renderers (magics show results this way). */
    void show(Object value) {
        DisplayData d = value instanceof DisplayData ? (DisplayData) value : getRenderer().render(value);
        display(d);
    }

    private static CellError interrupted(String message) {
        return new CellError("Interrupted", message, List.of(JavaEvaluator.red("Interrupted") + ": " + message));
    }

    /** Any failure of a cell, in Jupyter's error form; never rethrows (the kernel must survive it). */
    static CellError asCellError(Throwable t) {
        if (t instanceof CellError) {
            return (CellError) t;
        }
        if (MemoryGuard.isOutOfMemory(t)) {
            return MemoryGuard.error("ran out of heap (" + t + ")");
        }
        if (t instanceof UndefinedMagicException) {
            String msg = t.getMessage() + " (%ruot help lists the magics)";
            return new CellError("UnknownMagic", msg, List.of(JavaEvaluator.red("UnknownMagic") + ": " + msg));
        }
        Throwable root = t;
        while (!(root instanceof RuotException) && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof RuotException) {
            String msg = root.getMessage();
            return new CellError("RuotException", msg, List.of(JavaEvaluator.red("RuotException") + ": " + msg));
        }
        List<String> lines = new ArrayList<>();
        lines.add(JavaEvaluator.red(t.getClass().getName()) + (t.getMessage() == null ? "" : ": " + t.getMessage()));
        for (StackTraceElement f : t.getStackTrace()) {
            if (f.getClassName().startsWith("org.ruot4j.kernel.RuotKernel")) {
                break; // below is the kernel's own request handling
            }
            lines.add("\tat " + f);
        }
        for (Throwable c = t.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            lines.add("Caused by: " + c);
        }
        return new CellError(t.getClass().getName(), String.valueOf(t.getMessage()), lines);
    }

    @Override
    public Object evalRaw(String source) {
        try {
            Object v = run(source, executionCount.get());
            return v == NO_VALUE ? null : v;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Jupyter's interrupt (the notebook's stop button, an interrupt_request, or SIGINT): a running stage is
     * asked to stop at its next step boundary — the model keeps its last completed step; other Java code is
     * stopped where it is.
     */
    @Override
    public void interrupt() {
        cellInterrupted = true;
        JavaEvaluator j = java.getNow(null);
        if (session.status().running() != null) {
            session.cancel();
            if (j != null) {
                j.stopAfterCurrentSnippet();
            }
        } else if (j != null) {
            j.stop();
        }
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        session.cancel();
        JavaEvaluator j = java.getNow(null);
        if (j != null) {
            j.stop();
            j.close();
        }
        session.close();
        super.onShutdown(isRestarting);
    }

    /* ---------------------------------------------------------------- completion and help */

    @Override
    public ReplacementOptions complete(String code, int at) {
        int lineStart = code.lastIndexOf('\n', Math.max(0, at - 1)) + 1;
        String line = code.substring(lineStart, Math.min(code.length(), at));
        Matcher m = MAGIC_LINE.matcher(line);
        if (m.matches() && line.stripLeading().startsWith("%")) {
            return completeMagic(m, lineStart, at);
        }
        return java().complete(maskMagics(code), at);
    }

    private ReplacementOptions completeMagic(Matcher m, int lineStart, int at) {
        String percent = m.group(2);
        String name = m.group(3) == null ? "" : m.group(3);
        String rest = m.group(4);
        if (rest.isEmpty()) { // completing the magic's name
            Set<String> names = percent.equals("%%") ? magicsRegistry.getCellMagicNames()
                    : magicsRegistry.getLineMagicNames();
            List<String> options = names.stream().filter(n -> n.startsWith(name)).sorted().map(n -> percent + n).toList();
            return new ReplacementOptions(options, lineStart + m.group(1).length(), at);
        }
        if (name.equals("ruot")) { // from the %ruot command table
            return new ReplacementOptions(new ArrayList<>(RuotMagics.complete(rest)),
                    at - RuotMagics.partial(rest).length(), at);
        }
        return new ReplacementOptions(List.of(), at, at);
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        int lineStart = code.lastIndexOf('\n', Math.max(0, at - 1)) + 1;
        int lineEnd = code.indexOf('\n', at);
        String line = code.substring(lineStart, lineEnd < 0 ? code.length() : lineEnd);
        if (line.stripLeading().startsWith("%")) {
            return new DisplayData(RuotMagics.HELP);
        }
        String text = java().inspect(maskMagics(code), at, extraDetail);
        return text == null ? null : new DisplayData(text);
    }

    @Override
    public String isComplete(String code) {
        String firstLine = code.stripLeading().lines().findFirst().orElse("");
        if (firstLine.startsWith("%%")) {
            // A cell magic's body is free text: it ends with an empty line.
            String[] lines = code.split("\n", -1);
            return lines.length > 2 && lines[lines.length - 1].isBlank() ? "complete" : "";
        }
        String java = maskMagics(code);
        if (java.isBlank()) {
            return "complete";
        }
        return java().isComplete(java);
    }

    /** The code with magic lines blanked (same length and line numbers), for Java analysis. */
    static String maskMagics(String code) {
        StringBuilder sb = new StringBuilder(code.length());
        String[] lines = code.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            sb.append(l.stripLeading().matches("^%%?[A-Za-z].*") ? " ".repeat(l.length()) : l);
            if (i < lines.length - 1) {
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    @Override
    public List<String> formatError(Throwable e) {
        return asCellError(e).traceback();
    }

    /** Flushes the cell's stdout/stderr every {@value #PERIOD_MS} ms so prints appear while the cell runs. */
    private static final class StreamPump implements Runnable {
        static final long PERIOD_MS = 100;
        private final KernelIO io;
        private final Thread thread;
        private volatile boolean running = true;

        private StreamPump(KernelIO io) {
            this.io = io;
            this.thread = new Thread(this, "ruot4j-streams");
            thread.setDaemon(true);
        }

        static StreamPump start(KernelIO io) {
            StreamPump p = new StreamPump(io);
            p.thread.start();
            return p;
        }

        @Override
        public void run() {
            while (running) {
                try {
                    Thread.sleep(PERIOD_MS);
                } catch (InterruptedException e) {
                    return;
                }
                io.flush();
            }
        }

        /** Stops pumping and sends what is left (idempotent). */
        void stop() {
            running = false;
            thread.interrupt();
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            io.flush();
        }
    }
}
