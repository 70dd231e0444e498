package org.ruot4j.kernel;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * Javadoc of ruot4j's classes for the kernel's inspect (shift-tab). JShell reads doc comments only from the
 * JDK's {@code src.zip}; ruot4j's own sources travel inside its jar ({@code META-INF/ruot4j-sources/}, put there
 * by the build), and this class parses the one a signature names with the JDK's compiler (parse only, no
 * compilation) and returns its doc comment as plain text.
 *
 * <p>Signatures are JShell's: {@code Session Session.load(String pathOrName)},
 * {@code org.ruot4j.analysis.GrowthMap(…)} for a constructor, {@code org.ruot4j.Session} for a class. An overload is
 * matched by its parameter names.
 */
final class JavadocIndex {
    static final String ROOT = "META-INF/ruot4j-sources/";
    private static final JavadocIndex SHARED = new JavadocIndex(JavadocIndex.class.getClassLoader());
    private static final Pattern PARAM_NAME = Pattern.compile("(\\w+)\\s*(?:,|$)");

    private final ClassLoader loader;
    /** Parsed top-level source: member key ("Class#member(p1,p2)", "Class" for the type) → raw doc comment. */
    private final Map<String, Map<String, String>> files = new ConcurrentHashMap<>();

    JavadocIndex(ClassLoader loader) {
        this.loader = loader;
    }

    static JavadocIndex shared() {
        return SHARED;
    }

    /**
     * The doc of what {@code signature} names, as plain text: the first sentence, or everything with
     * {@code detail}; null when it is no ruot4j element or has no doc comment.
     */
    String lookup(String signature, boolean detail) {
        String sig = signature.strip();
        int paren = sig.indexOf('(');
        String head = paren < 0 ? sig : sig.substring(0, paren);
        head = head.substring(head.lastIndexOf(' ') + 1); // drop the return type
        List<String> params = new ArrayList<>();
        if (paren >= 0) {
            String inside = sig.substring(paren + 1, sig.lastIndexOf(')') < 0 ? sig.length() : sig.lastIndexOf(')'));
            Matcher m = PARAM_NAME.matcher(inside.replaceAll("<[^<>]*>", ""));
            while (m.find()) {
                params.add(m.group(1));
            }
        }
        String raw = null;
        if (paren < 0) {
            raw = find(head, null, null); // a type
        } else {
            int dot = head.lastIndexOf('.');
            String owner = dot < 0 ? head : head.substring(0, dot);
            String member = dot < 0 ? head : head.substring(dot + 1);
            raw = find(owner, member, params); // a method
            if (raw == null) {
                raw = find(head, simpleName(head), params); // a constructor: Owner(…)
            }
        }
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String text = plain(raw);
        return detail ? text : firstSentence(text);
    }

    /** The raw doc of {@code member(params)} of type {@code owner} (simple, nested or qualified); null if none. */
    private String find(String owner, String member, List<String> params) {
        for (String[] cand : candidates(owner)) {
            Map<String, String> docs = file(cand[0]);
            if (docs == null) {
                continue;
            }
            String key = member == null ? cand[1] : cand[1] + "#" + member + "(" + String.join(",", params) + ")";
            if (docs.containsKey(key)) {
                return docs.get(key);
            }
            if (member != null) { // an overload without its own comment: the one of a documented sibling
                String prefix = cand[1] + "#" + member + "(";
                for (Map.Entry<String, String> e : new java.util.TreeMap<>(docs).entrySet()) {
                    if (e.getKey().startsWith(prefix)) {
                        return e.getValue();
                    }
                }
            }
        }
        return null;
    }

    /** (top-level source path, nested type path) pairs that {@code owner} may denote. */
    private List<String[]> candidates(String owner) {
        List<String[]> out = new ArrayList<>();
        String[] parts = owner.split("\\.");
        // Qualified: the first capitalised part is the top-level class, the rest nested types.
        int firstType = -1;
        for (int i = 0; i < parts.length; i++) {
            if (!parts[i].isEmpty() && Character.isUpperCase(parts[i].charAt(0))) {
                firstType = i;
                break;
            }
        }
        if (firstType < 0) {
            return out;
        }
        String nested = String.join(".", java.util.Arrays.copyOfRange(parts, firstType, parts.length));
        if (firstType > 0) {
            String pkg = String.join("/", java.util.Arrays.copyOfRange(parts, 0, firstType));
            out.add(new String[] {pkg + "/" + parts[firstType] + ".java", nested});
        } else {
            for (String pkg : RuotKernel.ruotPackages()) {
                out.add(new String[] {pkg.replace('.', '/') + "/" + parts[0] + ".java", nested});
            }
            for (String pkg : List.of("org.ruot4j.kernel")) {
                out.add(new String[] {pkg.replace('.', '/') + "/" + parts[0] + ".java", nested});
            }
        }
        return out;
    }

    private Map<String, String> file(String path) {
        if (!path.startsWith("org/ruot4j/")) {
            return null;
        }
        Map<String, String> docs = files.get(path);
        if (docs == null) {
            docs = parse(path);
            files.put(path, docs);
        }
        return docs.isEmpty() ? null : docs;
    }

    private Map<String, String> parse(String path) {
        Map<String, String> docs = new HashMap<>();
        String source;
        try (InputStream in = loader.getResourceAsStream(ROOT + path)) {
            if (in == null) {
                return docs;
            }
            source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return docs;
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            return docs;
        }
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///" + path), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        try {
            JavacTask task = (JavacTask) javac.getTask(null, null, d -> { }, List.of("-proc:none"), null, List.of(file));
            DocTrees trees = DocTrees.instance(task);
            for (CompilationUnitTree unit : task.parse()) {
                new TreePathScanner<Void, String>() {
                    @Override
                    public Void visitClass(ClassTree node, String outer) {
                        String name = outer == null ? node.getSimpleName().toString()
                                : outer + "." + node.getSimpleName();
                        put(name, getCurrentPath());
                        for (Tree member : node.getMembers()) {
                            TreePath p = new TreePath(getCurrentPath(), member);
                            if (member instanceof MethodTree m) {
                                List<String> ps = new ArrayList<>();
                                for (VariableTree v : m.getParameters()) {
                                    ps.add(v.getName().toString());
                                }
                                String mname = m.getName().contentEquals("<init>") ? node.getSimpleName().toString()
                                        : m.getName().toString();
                                put(name + "#" + mname + "(" + String.join(",", ps) + ")", p);
                            } else if (member instanceof ClassTree c) {
                                scan(p, name);
                            }
                        }
                        return null;
                    }

                    private void put(String key, TreePath p) {
                        String doc = trees.getDocComment(p);
                        if (doc != null) {
                            docs.putIfAbsent(key, doc);
                        }
                    }
                }.scan(unit, null);
            }
        } catch (IOException | RuntimeException e) {
            // an unparsable source: no docs for it, signatures still show
        }
        return docs;
    }

    private static String simpleName(String qualified) {
        return qualified.substring(qualified.lastIndexOf('.') + 1);
    }

    /** Doc comment markup as plain text: inline tags unwrapped, HTML paragraphs and lists as text. */
    static String plain(String raw) {
        String s = raw;
        s = s.replaceAll("\\{@(?:code|literal)\\s+([^{}]*(?:\\{[^{}]*\\}[^{}]*)*)\\}", "$1");
        s = s.replaceAll("\\{@(?:link|linkplain)\\s+([^\\s}]+)\\s+([^}]*)\\}", "$2");
        s = s.replaceAll("\\{@(?:link|linkplain)\\s+([^}]*)\\}", "$1");
        s = s.replaceAll("\\{@value\\s+([^}]*)\\}", "$1");
        s = s.replaceAll("(?m)^\\s*(<p>|<p/>)\\s*", "\n");
        s = s.replaceAll("<p>", "\n\n");
        s = s.replaceAll("<li>", "\n - ");
        s = s.replaceAll("</?(ul|ol|li|pre|b|i|em|strong|code|tt|p|br|table|tr|td|th|thead|tbody|sup|sub)\\s*/?>", "");
        s = s.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").replace("&nbsp;", " ");
        s = s.replaceAll("(?m)^\\s*@param\\s+(\\S+)", "  $1:");
        s = s.replaceAll("(?m)^\\s*@return", "Returns:");
        s = s.replaceAll("(?m)^\\s*@throws\\s+(\\S+)", "Throws $1:");
        s = s.replaceAll("\n{3,}", "\n\n");
        return s.strip();
    }

    static String firstSentence(String text) {
        Matcher m = Pattern.compile("^(.+?[.:;])(\\s|$)", Pattern.DOTALL).matcher(text);
        String first = m.find() ? m.group(1) : text;
        return first.replaceAll("\\s+", " ").strip();
    }
}
