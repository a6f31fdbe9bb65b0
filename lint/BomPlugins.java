import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * bom/pom.xml has no parent, so that nothing of the build's reaches a project that imports it; the
 * few plugins that build it are pinned there a second time. This check fails the build when one of
 * them differs from the version the parent pins, or when the parent does not pin it at all.
 *
 * <p>{@code ./mvnw verify} runs it from the repository's root, as can a person:
 * {@code java lint/BomPlugins.java}.
 */
public class BomPlugins {

    public static void main(String[] args) throws Exception {
        Map<String, String> parent = pluginVersions(Path.of("pom.xml"));
        Map<String, String> bom = pluginVersions(Path.of("bom", "pom.xml"));
        List<String> problems = new ArrayList<>();
        if (bom.isEmpty()) {
            problems.add("bom/pom.xml pins no plugin: its build would use whatever Maven defaults to");
        }
        bom.forEach((plugin, version) -> {
            String expected = parent.get(plugin);
            if (expected == null) {
                problems.add("bom/pom.xml pins " + plugin + " " + version + ", which pom.xml does not pin");
            } else if (!expected.equals(version)) {
                problems.add("bom/pom.xml pins " + plugin + " " + version + ", pom.xml pins " + expected);
            }
        });
        if (!problems.isEmpty()) {
            problems.forEach(p -> System.out.println("[ERROR] " + p));
            System.out.println("[ERROR] bom/pom.xml must build with the parent's plugin versions");
            System.exit(1);
        }
        System.out.println("bom plugins: " + bom.size() + " pinned at the parent's versions");
    }

    /** groupId:artifactId to version, for the plugins of a pom's build/pluginManagement. */
    private static Map<String, String> pluginVersions(Path pom) throws Exception {
        if (!pom.toFile().isFile()) {
            System.out.println("[ERROR] run it from the repository's root: java lint/BomPlugins.java");
            System.exit(1);
        }
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
        Map<String, String> versions = new LinkedHashMap<>();
        Element build = child(document.getDocumentElement(), "build");
        Element management = build == null ? null : child(build, "pluginManagement");
        Element plugins = management == null ? null : child(management, "plugins");
        if (plugins == null) {
            return versions;
        }
        for (Node node = plugins.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element plugin && plugin.getTagName().equals("plugin")) {
                Element group = child(plugin, "groupId");
                Element version = child(plugin, "version");
                String key = (group == null ? "org.apache.maven.plugins" : group.getTextContent().strip())
                        + ":" + child(plugin, "artifactId").getTextContent().strip();
                versions.put(key, version == null ? "(none)" : version.getTextContent().strip());
            }
        }
        return versions;
    }

    private static Element child(Element parent, String name) {
        NodeList children = parent.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element element && element.getTagName().equals(name)) {
                return element;
            }
        }
        return null;
    }
}
