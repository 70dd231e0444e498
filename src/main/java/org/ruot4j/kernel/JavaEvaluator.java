package org.ruot4j.kernel;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;

/**
 * Java evaluation for the notebook, on the JDK's JShell: statements, declarations (variables, methods,
 * classes, records), imports and expressions. A cell's code is cut into snippets the way JShell would cut
 * them; each is compiled and run in turn, in this JVM; the value of a final expression is handed back as a
 * live object for the renderers.
 *
 * <p>Errors come back as {@link CellError}s: compile errors point at the cell line and column; exceptions
 * thrown by user code keep their Java stack trace, with the generated wrapper frames named after the cell
 * and line they came from.
 */
public final class JavaEvaluator implements AutoCloseable {
    /**
     * What a cell evaluated to: nothing, or the value of its last expression (possibly null).
     *
     * @param hasValue whether the cell ended in an expression
     * @param value the expression's value
     * @param typeName the static type JShell inferred for the expression, e.g. {@code int}
     */
    public record Result(boolean hasValue, Object value, String typeName) {
        static final Result NONE = new Result(false, null, null);
    }

    /** Where a snippet came from, to translate stack frames back to cells. */
    private record Origin(int cell, int firstLine) {
    }

    private static final Pattern WRAPPER_CLASS = Pattern.compile("^REPL\\.\\$JShell\\$\\d+[A-Z]?\\$?");
    private static final Pattern SNIPPET_FILE = Pattern.compile("^#(\\d+)$");

    private final ObjectExecutionControl control = new ObjectExecutionControl();
    private final JShell shell;
    private final SourceCodeAnalysis analysis;
    private final Map<String, Origin> origins = new ConcurrentHashMap<>();
    private final Set<String> classPath = new LinkedHashSet<>();
    /** Set by {@link #stop()}: the rest of the cell's snippets must not run. */
    private volatile boolean cellStopped;

    /**
     * Starts JShell in this JVM, compiling against {@code classPath} (this JVM's class path, so the
     * notebook sees the ruot4j API and its libraries as the running kernel has loaded them).
     */
    public JavaEvaluator(String classPath) {
        PrintStream discard = new PrintStream(new ByteArrayOutputStream());
        this.shell = JShell.builder()
                .executionEngine(control.provider(), Map.of())
                .out(discard)
                .err(discard)
                .compilerOptions("-Xlint:none", "-proc:none")
                .build();
        this.analysis = shell.sourceCodeAnalysis();
        if (classPath != null && !classPath.isBlank()) {
            // One call for the whole path: JShell re-reads its class path on every call. (A --class-path
            // compiler option would be cheaper still, but it hides what addToClasspath adds later.)
            addToClasspath(classPath);
        }
    }

    /** Adds jars or class folders (separated by the platform path separator) for compiling and running. */
    public void addToClasspath(String paths) {
        List<String> added = new ArrayList<>();
        for (String p : paths.split(java.io.File.pathSeparator)) {
            if (!p.isBlank() && classPath.add(p)) {
                added.add(p);
            }
        }
        if (!added.isEmpty()) {
            shell.addToClasspath(String.join(java.io.File.pathSeparator, added));
        }
    }

    /** The class path entries added so far, in order. */
    public List<String> classPath() {
        return List.copyOf(classPath);
    }

    /**
     * Evaluates Java code (one or more snippets). {@code cell} is the execution count and
     * {@code firstLine} the 1-based cell line where {@code code} starts; both only label error locations.
     *
     * @throws CellError on a compile error, an exception thrown by the code, or an interrupt
     */
    public Result eval(String code, int cell, int firstLine) {
        Result last = Result.NONE;
        String remaining = code;
        int consumed = 0;
        cellStopped = false;
        control.resetStop();
        try {
            while (!remaining.isBlank()) {
                if (cellStopped) {
                    throw interrupted();
                }
                CompletionInfo info = analysis.analyzeCompletion(remaining);
                Completeness c = info.completeness();
                if (c == Completeness.EMPTY) {
                    break;
                }
                String source;
                String rest;
                if (c == Completeness.COMPLETE || c == Completeness.COMPLETE_WITH_SEMI) {
                    source = info.source();
                    rest = info.remaining();
                } else {
                    // Incomplete or unparsable: hand JShell the whole rest so its diagnostics explain why.
                    source = remaining;
                    rest = "";
                }
                // JShell keeps the whitespace before a snippet in its source; drop it so that line 1 of the
                // snippet is the line where its code starts.
                int lead = leadingWhitespace(source);
                source = source.substring(lead);
                int start = consumed + lead;
                int line = firstLine + countNewlines(code, 0, start);
                int column = start - (code.lastIndexOf('\n', start - 1) + 1);
                last = evalSnippet(source, cell, line, column);
                consumed += remaining.length() - rest.length();
                remaining = rest;
            }
            return last;
        } finally {
            control.clearValues();
        }
    }

    private Result evalSnippet(String source, int cell, int line, int column) {
        List<SnippetEvent> events = shell.eval(source);
        Result result = Result.NONE;
        for (SnippetEvent ev : events) {
            if (ev.causeSnippet() != null) {
                continue; // an update of an earlier snippet that depends on this one
            }
            Snippet sn = ev.snippet();
            origins.put(sn.id(), new Origin(cell, line));
            if (control.lastStopped() || cellStopped) {
                throw interrupted();
            }
            if (ev.status() == Snippet.Status.REJECTED) {
                throw compileError(sn, source, cell, line, column);
            }
            JShellException ex = ev.exception();
            if (ex instanceof UnresolvedReferenceException) {
                DeclarationSnippet d = ((UnresolvedReferenceException) ex).getSnippet();
                throw new CellError("UnresolvedReference", d.name() + " cannot be used until "
                        + String.join(", ", shell.unresolvedDependencies(d).collect(Collectors.toList()))
                        + " is declared", List.of(red("UnresolvedReference") + ": " + d.name()
                        + " cannot be used until " + String.join(", ",
                        shell.unresolvedDependencies(d).collect(Collectors.toList())) + " is declared"));
            }
            if (ex instanceof EvalException) {
                throw runtimeError((EvalException) ex);
            }
            if (ex != null) {
                throw new CellError(ex.getClass().getName(), String.valueOf(ex.getMessage()),
                        List.of(String.valueOf(ex)));
            }
            if (ev.status() == Snippet.Status.RECOVERABLE_DEFINED
                    || ev.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                DeclarationSnippet d = (DeclarationSnippet) sn;
                System.err.println("note: " + d.name() + " is declared, but cannot be used until "
                        + String.join(", ", shell.unresolvedDependencies(d).collect(Collectors.toList()))
                        + " is declared");
            }
            Object value = control.take(ev.value());
            switch (sn.subKind()) {
                case TEMP_VAR_EXPRESSION_SUBKIND:
                    result = new Result(true, value, ((VarSnippet) sn).typeName());
                    break;
                case VAR_VALUE_SUBKIND:
                    result = new Result(true, value, analysis.analyzeType(source, source.length()));
                    break;
                default:
                    result = Result.NONE;
            }
        }
        return result;
    }

    /**
     * Stops the cell being evaluated: the running snippet (see {@link ObjectExecutionControl#stop()}) and
     * the snippets after it.
     */
    public void stop() {
        cellStopped = true;
        control.stop();
    }

    /**
     * Lets the running snippet finish (a training stage that was asked to stop at its next step), then ends
     * the cell as interrupted instead of running the snippets after it.
     */
    public void stopAfterCurrentSnippet() {
        cellStopped = true;
    }

    /** True while a snippet of a cell runs. */
    public boolean isRunning() {
        return control.isRunning();
    }

    /**
     * Jupyter's is_complete answer for Java code: {@code complete}, {@code invalid}, or the indent to start
     * the next line with when the code is unfinished (an open block, a statement without its end).
     */
    public String isComplete(String code) {
        String remaining = code;
        while (!remaining.isBlank()) {
            CompletionInfo info = analysis.analyzeCompletion(remaining);
            switch (info.completeness()) {
                case COMPLETE:
                case COMPLETE_WITH_SEMI:
                    remaining = info.remaining();
                    break;
                case EMPTY:
                    return "complete";
                case DEFINITELY_INCOMPLETE:
                case CONSIDERED_INCOMPLETE:
                    return nextIndent(code);
                default:
                    return "invalid";
            }
        }
        return "complete";
    }

    /**
     * Completions at {@code cursor}: names of variables, methods, classes, members after a dot, packages in
     * imports. {@code code} may hold several snippets; only the one around the cursor is analysed.
     */
    public ReplacementOptions complete(String code, int cursor) {
        int[] range = snippetAround(code, cursor);
        String snippet = code.substring(range[0], cursor);
        int[] anchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> suggestions =
                analysis.completionSuggestions(snippet, snippet.length(), anchor);
        // Suggestions that fit the expected type first, as JShell's own tool does.
        Set<String> ordered = new LinkedHashSet<>();
        suggestions.stream().filter(SourceCodeAnalysis.Suggestion::matchesType)
                .forEach(s -> ordered.add(s.continuation()));
        suggestions.forEach(s -> ordered.add(s.continuation()));
        return new ReplacementOptions(new ArrayList<>(ordered), range[0] + anchor[0], cursor);
    }

    /**
     * Plain-text help for what is at {@code cursor}: the signatures (and Javadoc when the JDK has it) of
     * the method or class, or the type and value of a variable; {@code null} when there is nothing.
     */
    public String inspect(String code, int cursor, boolean detail) {
        int[] range = snippetAround(code, cursor);
        int end = identifierEnd(code, cursor);
        String snippet = code.substring(range[0], Math.max(end, range[0]));
        int at = end - range[0];
        StringBuilder out = new StringBuilder();
        String word = identifierAt(code, cursor);
        if (!word.isEmpty() && !isMemberAccess(code, cursor)) {
            shell.variables().filter(v -> v.name().equals(word) && shell.status(v).isActive())
                    .forEach(v -> {
                        String value = shell.varValue(v);
                        out.append(v.name()).append(" : ").append(v.typeName()).append('\n');
                        out.append("value: ").append(abbreviate(value, detail ? 4000 : 400)).append('\n');
                    });
        }
        if (out.length() == 0) {
            List<SourceCodeAnalysis.Documentation> docs = analysis.documentation(snippet, at, detail);
            if (docs.isEmpty()) {
                // JShell documents calls; ask again as if the call's parenthesis were open.
                docs = analysis.documentation(snippet + "(", at + 1, detail);
            }
            for (SourceCodeAnalysis.Documentation d : docs) {
                out.append(d.signature()).append('\n');
                String doc = d.javadoc();
                if (doc == null || doc.isBlank()) {
                    // JShell reads Javadoc from the JDK's src.zip only; ruot4j's comes from its jar.
                    doc = JavadocIndex.shared().lookup(d.signature(), detail);
                }
                if (doc != null && !doc.isBlank()) {
                    out.append(doc.strip()).append("\n\n");
                }
            }
        }
        if (out.length() == 0 && !word.isEmpty()) {
            String type = analysis.analyzeType(snippet, at);
            if (type != null && !type.isBlank()) {
                out.append(word).append(" : ").append(type).append('\n');
            }
        }
        return out.length() == 0 ? null : out.toString().stripTrailing();
    }

    @Override
    public void close() {
        shell.close();
    }

    /* ---------------------------------------------------------------- errors */

    private CellError compileError(Snippet sn, String source, int cell, int line, int column) {
        List<Diag> diags = shell.diagnostics(sn).filter(Diag::isError).collect(Collectors.toList());
        List<String> lines = new ArrayList<>();
        String first = "";
        String[] srcLines = source.split("\n", -1);
        for (Diag d : diags) {
            String msg = d.getMessage(Locale.ROOT);
            if (first.isEmpty()) {
                first = msg.lines().findFirst().orElse(msg);
            }
            long pos = Math.max(0, Math.min(d.getPosition(), source.length()));
            int l = countNewlines(source, 0, (int) pos);
            int lineStart = source.lastIndexOf('\n', (int) pos - 1) + 1;
            int col = (int) pos - lineStart;
            int cellLine = line + l;
            lines.add(red("CompilationError") + " at cell line " + cellLine + ": " + msg.lines().findFirst().orElse(""));
            // JShell's wrapper class has no name worth showing ("location: class ").
            msg.lines().skip(1).filter(m -> !m.strip().equals("location: class")).forEach(m -> lines.add("  " + m));
            String text = l < srcLines.length ? srcLines[l] : "";
            int indent = l == 0 ? column : 0; // the snippet's first line starts after the cell's indentation
            lines.add("    " + " ".repeat(indent) + text);
            lines.add("    " + " ".repeat(indent + col) + "^");
        }
        if (diags.isEmpty()) {
            first = "the code does not compile";
            lines.add(red("CompilationError") + " at cell line " + line + ": " + first);
        }
        return new CellError("CompilationError", first, lines);
    }

    private CellError runtimeError(EvalException ex) {
        List<String> lines = new ArrayList<>();
        String cls = ex.getExceptionClassName();
        String msg = ex.getMessage();
        if ("org.ruot4j.RuotException".equals(cls)) {
            // A user error: its one-line message says everything, no stack trace.
            return new CellError("RuotException", msg, List.of(red("RuotException") + ": " + msg));
        }
        if (ExitTrap.CellExit.class.getName().equals(cls)) {
            return new CellError("SystemExit", msg, List.of(red("SystemExit") + ": " + msg));
        }
        for (JShellException c = ex; c != null; c = c.getCause() instanceof JShellException j ? j : null) {
            String name = c instanceof EvalException e ? e.getExceptionClassName() : c.getClass().getName();
            if ("java.lang.OutOfMemoryError".equals(name)) {
                return MemoryGuard.error("the cell ran out of heap (" + (c.getMessage() == null ? "OutOfMemoryError"
                        : c.getMessage()) + ")");
            }
        }
        appendTrace(ex, lines, "");
        return new CellError(cls, msg == null ? "" : msg, lines);
    }

    private void appendTrace(JShellException ex, List<String> lines, String prefix) {
        String cls = ex instanceof EvalException ? ((EvalException) ex).getExceptionClassName() : ex.getClass().getName();
        String msg = ex.getMessage();
        lines.add(prefix + red(cls) + (msg == null ? "" : ": " + msg));
        StackTraceElement[] frames = ex.getStackTrace();
        int lastUser = -1;
        for (int i = 0; i < frames.length; i++) {
            if (isCellFrame(frames[i])) {
                lastUser = i;
            }
        }
        // Frames below the last cell frame are JShell's and reflection's machinery, not the user's story.
        int end = lastUser >= 0 ? lastUser + 1 : frames.length;
        for (int i = 0; i < end; i++) {
            lines.add("\tat " + frame(frames[i]));
        }
        Throwable cause = ex.getCause();
        if (cause instanceof JShellException) {
            appendTrace((JShellException) cause, lines, "Caused by: ");
        }
    }

    /** JShell reports frames of snippet code with the file name {@code #id} (the snippet's id). */
    private static boolean isCellFrame(StackTraceElement f) {
        return f.getFileName() != null && SNIPPET_FILE.matcher(f.getFileName()).matches();
    }

    private String frame(StackTraceElement f) {
        if (!isCellFrame(f)) {
            return f.toString();
        }
        String cls = WRAPPER_CLASS.matcher(f.getClassName()).replaceFirst("");
        String method = f.getMethodName();
        String where;
        if (method.isEmpty() || "do_it$".equals(method)) {
            where = "cell code";
        } else {
            where = cls.isEmpty() ? method : cls + "." + method;
        }
        Matcher m = SNIPPET_FILE.matcher(f.getFileName());
        m.matches();
        Origin o = origins.get(m.group(1));
        String loc = o == null ? f.getFileName() + ":" + f.getLineNumber()
                : "cell [" + o.cell + "], line " + (o.firstLine + Math.max(0, f.getLineNumber() - 1));
        return where + " (" + loc + ")";
    }

    private static CellError interrupted() {
        return new CellError("Interrupted", "the cell was interrupted",
                List.of(red("Interrupted") + ": the cell was interrupted"));
    }

    static String red(String s) {
        return "\u001b[0;31m" + s + "\u001b[0m";
    }

    /* ---------------------------------------------------------------- text helpers */

    /** [start, end) of the snippet of {@code code} that holds {@code cursor}. */
    private int[] snippetAround(String code, int cursor) {
        int start = 0;
        String remaining = code;
        while (!remaining.isBlank()) {
            CompletionInfo info = analysis.analyzeCompletion(remaining);
            Completeness c = info.completeness();
            if (c != Completeness.COMPLETE && c != Completeness.COMPLETE_WITH_SEMI) {
                break;
            }
            int len = remaining.length() - info.remaining().length();
            if (start + len >= cursor) {
                break;
            }
            start += len;
            remaining = info.remaining();
        }
        start += leadingWhitespace(code.substring(start));
        return new int[] {Math.min(start, cursor), code.length()};
    }

    private static int identifierEnd(String code, int cursor) {
        int e = Math.min(cursor, code.length());
        while (e < code.length() && Character.isJavaIdentifierPart(code.charAt(e))) {
            e++;
        }
        return e;
    }

    /** True when the identifier at the cursor follows a dot (a member, not a notebook variable). */
    private static boolean isMemberAccess(String code, int cursor) {
        int s = Math.min(cursor, code.length());
        while (s > 0 && Character.isJavaIdentifierPart(code.charAt(s - 1))) {
            s--;
        }
        while (s > 0 && Character.isWhitespace(code.charAt(s - 1))) {
            s--;
        }
        return s > 0 && code.charAt(s - 1) == '.';
    }

    private static String identifierAt(String code, int cursor) {
        int e = identifierEnd(code, cursor);
        int s = Math.min(cursor, code.length());
        while (s > 0 && Character.isJavaIdentifierPart(code.charAt(s - 1))) {
            s--;
        }
        return code.substring(s, e);
    }

    static String nextIndent(String code) {
        String[] lines = code.split("\n", -1);
        String last = lines[lines.length - 1].isBlank() && lines.length > 1 ? lines[lines.length - 2] : lines[lines.length - 1];
        int n = 0;
        while (n < last.length() && last.charAt(n) == ' ') {
            n++;
        }
        String trimmed = last.strip();
        if (trimmed.endsWith("{") || trimmed.endsWith("(") || trimmed.endsWith("->")) {
            n += 4;
        }
        return " ".repeat(n);
    }

    private static int leadingWhitespace(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int countNewlines(String s, int from, int to) {
        int n = 0;
        for (int i = from; i < Math.min(to, s.length()); i++) {
            if (s.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }

    private static String abbreviate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max) + "…";
    }
}
