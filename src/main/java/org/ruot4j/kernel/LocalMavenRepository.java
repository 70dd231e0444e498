package org.ruot4j.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.ruot4j.RuotException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Resolves {@code group:artifact:version} to jars in a local Maven repository (by default
 * {@code ~/.m2/repository}), with their compile and runtime dependencies, without any network: what is not
 * in the repository is reported, never fetched.
 *
 * <p>The POM model it follows is the part that decides a class path: properties (with parent inheritance
 * and {@code project.*} values), the parent's and imported BOMs' dependencyManagement for missing versions and
 * scopes, exclusions, optional dependencies skipped, and "nearest wins" (breadth-first) when two paths ask for
 * different versions of one artifact.
 */
final class LocalMavenRepository {
    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

    /** A resolved artifact and where its jar is. */
    record Artifact(String group, String artifact, String version, Path jar) {
        String coordinates() {
            return group + ":" + artifact + ":" + version;
        }
    }

    /** What resolution found: jars in class-path order, and dependencies the local repository lacks. */
    record Resolution(List<Artifact> artifacts, List<String> missing) {
    }

    private record Dep(String group, String artifact, String version, String scope, String classifier, String type,
            boolean optional, Set<String> exclusions) {
    }

    private record Pom(Map<String, String> properties, Map<String, Dep> managed, List<Dep> dependencies,
            String packaging) {
    }

    private final Path root;
    private final Map<String, Pom> poms = new HashMap<>();

    LocalMavenRepository(Path root) {
        this.root = root;
    }

    /** The repository Maven itself would use: {@code ~/.m2/repository}. */
    static LocalMavenRepository userDefault() {
        return new LocalMavenRepository(Path.of(System.getProperty("user.home"), ".m2", "repository"));
    }

    /** Resolves one {@code group:artifact:version} (or {@code group:artifact:jar:classifier:version}). */
    Resolution resolve(String coordinates) {
        String[] p = coordinates.strip().split(":");
        String classifier = null;
        if (p.length == 5) {
            classifier = p[3];
            p = new String[] {p[0], p[1], p[4]};
        }
        if (p.length != 3 || p[0].isBlank() || p[1].isBlank() || p[2].isBlank()) {
            throw new RuotException("%maven: expected group:artifact:version, got '" + coordinates + "'");
        }
        Dep top = new Dep(p[0], p[1], p[2], "compile", classifier, "jar", false, Set.of());
        if (!Files.isDirectory(root.resolve(dir(top.group, top.artifact, top.version)))) {
            throw new RuotException("%maven: " + p[0] + ":" + p[1] + ":" + p[2] + " is not in the local Maven repository "
                    + root + " (this kernel resolves offline; fetch it with mvn dependency:get first)");
        }
        List<Artifact> out = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        Set<String> seen = new HashSet<>(); // group:artifact, nearest first
        Deque<Object[]> queue = new ArrayDeque<>(); // {Dep, Set<String> exclusions inherited}
        queue.add(new Object[] {top, Set.<String>of()});
        while (!queue.isEmpty()) {
            Object[] item = queue.poll();
            Dep d = (Dep) item[0];
            @SuppressWarnings("unchecked")
            Set<String> excluded = (Set<String>) item[1];
            String ga = d.group + ":" + d.artifact;
            if (!seen.add(ga)) {
                continue;
            }
            Pom pom;
            try {
                pom = pom(d.group, d.artifact, d.version);
            } catch (RuotException e) {
                missing.add(d.group + ":" + d.artifact + ":" + d.version + " (" + e.getMessage() + ")");
                continue;
            }
            if (!"pom".equals(pom.packaging) || d.classifier != null) {
                String file = d.artifact + "-" + d.version + (d.classifier == null ? "" : "-" + d.classifier) + ".jar";
                Path jar = root.resolve(dir(d.group, d.artifact, d.version)).resolve(file);
                if (Files.isRegularFile(jar)) {
                    out.add(new Artifact(d.group, d.artifact, d.version, jar));
                } else {
                    missing.add(d.group + ":" + d.artifact + ":" + d.version + " (no " + file + ")");
                }
            }
            for (Dep child : pom.dependencies) {
                String scope = child.scope == null ? "compile" : child.scope;
                String cga = child.group + ":" + child.artifact;
                if (child.optional || !(scope.equals("compile") || scope.equals("runtime"))
                        || excluded.contains(cga) || excluded.contains(child.group + ":*") || seen.contains(cga)
                        || (child.type != null && !child.type.equals("jar"))) {
                    continue;
                }
                if (child.version == null || child.version.isBlank()) {
                    missing.add(cga + " (no version in " + ga + "'s POM)");
                    continue;
                }
                Set<String> ex = new HashSet<>(excluded);
                ex.addAll(child.exclusions);
                queue.add(new Object[] {child, ex});
            }
        }
        return new Resolution(out, missing);
    }

    private static String dir(String group, String artifact, String version) {
        return group.replace('.', '/') + "/" + artifact + "/" + version;
    }

    private Pom pom(String group, String artifact, String version) {
        String key = group + ":" + artifact + ":" + version;
        Pom cached = poms.get(key);
        if (cached != null) {
            return cached;
        }
        Path file = root.resolve(dir(group, artifact, version)).resolve(artifact + "-" + version + ".pom");
        if (!Files.isRegularFile(file)) {
            throw new RuotException("no POM in the local repository");
        }
        Element project = parse(file).getDocumentElement();
        Map<String, String> props = new LinkedHashMap<>();
        Map<String, Dep> managed = new LinkedHashMap<>();
        Element parent = child(project, "parent");
        if (parent != null) {
            String pg = text(parent, "groupId");
            String pa = text(parent, "artifactId");
            String pv = text(parent, "version");
            try {
                Pom pp = pom(pg, pa, pv);
                props.putAll(pp.properties);
                managed.putAll(pp.managed);
            } catch (RuotException e) {
                // A parent missing locally only loses inherited properties; the dependencies may still resolve.
            }
            props.put("project.parent.version", pv);
            props.put("parent.version", pv);
        }
        String g = text(project, "groupId") != null ? text(project, "groupId") : group;
        String v = text(project, "version") != null ? text(project, "version") : version;
        props.put("project.groupId", g);
        props.put("pom.groupId", g);
        props.put("project.artifactId", artifact);
        props.put("project.version", v);
        props.put("pom.version", v);
        props.put("version", v);
        Element properties = child(project, "properties");
        if (properties != null) {
            for (Element e : children(properties)) {
                props.put(e.getTagName(), e.getTextContent().strip());
            }
        }
        Element dm = child(project, "dependencyManagement");
        if (dm != null && child(dm, "dependencies") != null) {
            for (Element e : children(child(dm, "dependencies"), "dependency")) {
                Dep d = dep(e, props, Map.of());
                if ("import".equals(d.scope) && "pom".equals(d.type)) {
                    try {
                        managed.putAll(pom(d.group, d.artifact, d.version).managed);
                    } catch (RuotException ignored) {
                        // a BOM missing locally: its versions must then come from elsewhere
                    }
                } else {
                    managed.put(d.group + ":" + d.artifact, d);
                }
            }
        }
        List<Dep> deps = new ArrayList<>();
        Element ds = child(project, "dependencies");
        if (ds != null) {
            for (Element e : children(ds, "dependency")) {
                deps.add(dep(e, props, managed));
            }
        }
        String packaging = text(project, "packaging");
        Pom pom = new Pom(props, managed, deps, packaging == null ? "jar" : packaging);
        poms.put(key, pom);
        return pom;
    }

    private static Dep dep(Element e, Map<String, String> props, Map<String, Dep> managed) {
        String g = interpolate(text(e, "groupId"), props);
        String a = interpolate(text(e, "artifactId"), props);
        Dep m = managed.get(g + ":" + a);
        String v = interpolate(text(e, "version"), props);
        String scope = interpolate(text(e, "scope"), props);
        if (v == null && m != null) {
            v = m.version;
        }
        if (scope == null && m != null) {
            scope = m.scope;
        }
        Set<String> ex = new HashSet<>();
        Element exs = child(e, "exclusions");
        if (exs != null) {
            for (Element x : children(exs, "exclusion")) {
                ex.add(text(x, "groupId") + ":" + text(x, "artifactId"));
            }
        }
        if (m != null) {
            ex.addAll(m.exclusions);
        }
        String type = text(e, "type");
        return new Dep(g, a, v, scope, interpolate(text(e, "classifier"), props), type == null ? "jar" : type,
                "true".equals(interpolate(text(e, "optional"), props)), ex);
    }

    static String interpolate(String s, Map<String, String> props) {
        if (s == null) {
            return null;
        }
        for (int round = 0; round < 10 && s.contains("${"); round++) { // properties may refer to properties
            Matcher m = PROPERTY.matcher(s);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                String val = props.get(m.group(1));
                m.appendReplacement(sb, Matcher.quoteReplacement(val != null ? val : m.group()));
            }
            m.appendTail(sb);
            if (sb.toString().equals(s)) {
                break;
            }
            s = sb.toString();
        }
        return s.strip();
    }

    private static Document parse(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(false);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            DocumentBuilder b = f.newDocumentBuilder();
            return b.parse(in);
        } catch (IOException | javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException e) {
            throw new RuotException(file + ": unreadable POM (" + e.getMessage() + ")");
        }
    }

    private static Element child(Element parent, String name) {
        for (Element e : children(parent)) {
            if (e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static List<Element> children(Element parent) {
        List<Element> out = new ArrayList<>();
        NodeList nl = parent.getChildNodes();
        for (int i = 0; i < nl.getLength(); i++) {
            Node n = nl.item(i);
            if (n instanceof Element) {
                out.add((Element) n);
            }
        }
        return out;
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Element e : children(parent)) {
            if (e.getTagName().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }

    private static String text(Element parent, String name) {
        Element c = child(parent, name);
        return c == null ? null : c.getTextContent().strip();
    }
}
