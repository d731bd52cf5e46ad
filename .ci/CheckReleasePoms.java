import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Checks what a release build (profile release) left in each published module's target folder, as
 * Maven Central will see it: the flattened POM names no parent and no test dependency, and carries
 * url, licenses, scm and developers with real values; sources and javadoc jars are there; no
 * test-jar is. Run by .ci/check-release: java .ci/CheckReleasePoms.java MODULE_DIR...
 */
public class CheckReleasePoms {

    public static void main(String[] args) throws Exception {
        List<String> problems = new ArrayList<>();
        for (String dir : args) {
            check(Path.of(dir), problems);
        }
        problems.forEach(p -> System.out.println("[release-check] FAIL " + p));
        System.out.println("[release-check] " + args.length + " modules, " + problems.size() + " problems");
        System.exit(problems.isEmpty() ? 0 : 1);
    }

    private static void check(Path module, List<String> problems) throws Exception {
        Path pom = module.resolve("target/flattened-pom.xml");
        if (!Files.exists(pom)) {
            problems.add(module + ": no target/flattened-pom.xml (was it built with -Prelease?)");
            return;
        }
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(false);
        Element project = factory.newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
        String artifactId = text(project, "artifactId");
        String version = text(project, "version");
        String where = artifactId + " (" + pom + ")";
        if (child(project, "parent") != null) {
            problems.add(where + ": names a parent, which is not published");
        }
        for (String path : List.of(
                "name",
                "description",
                "url",
                "licenses/license/name",
                "licenses/license/url",
                "scm/url",
                "scm/connection",
                "developers/developer/name",
                "developers/developer/email")) {
            String value = text(project, path);
            if (value == null || value.isBlank() || value.contains("${")) {
                problems.add(where + ": " + path + " is missing or unresolved (" + value + ")");
            }
        }
        Element organization = child(project, "organization");
        if (organization != null) {
            problems.add(where + ": carries an organization (" + text(project, "organization/name")
                    + "), inherited from a parent rather than stated");
        }
        Element dependencies = child(project, "dependencies");
        if (dependencies != null) {
            NodeList list = dependencies.getElementsByTagName("dependency");
            for (int i = 0; i < list.getLength(); i++) {
                Element dependency = (Element) list.item(i);
                String name = text(dependency, "groupId") + ":" + text(dependency, "artifactId");
                if ("test".equals(text(dependency, "scope"))) {
                    problems.add(where + ": test dependency " + name);
                }
                if ("test-jar".equals(text(dependency, "type")) || "tests".equals(text(dependency, "classifier"))) {
                    problems.add(where + ": depends on a test-jar, " + name);
                }
                if (text(dependency, "version") == null) {
                    problems.add(where + ": dependency " + name + " has no version");
                }
            }
        }
        Path target = module.resolve("target");
        for (String suffix : List.of(".jar", "-sources.jar", "-javadoc.jar")) {
            if (!Files.exists(target.resolve(artifactId + "-" + version + suffix))) {
                problems.add(where + ": no " + artifactId + "-" + version + suffix);
            }
        }
        if (Files.exists(target.resolve(artifactId + "-" + version + "-tests.jar"))) {
            problems.add(where + ": a test-jar was built, and would be published");
        }
        System.out.println("[release-check] " + artifactId + " " + version + ": checked " + pom);
    }

    /** The text at a slash-separated path of child elements, or null. */
    private static String text(Element from, String path) {
        Element element = from;
        for (String name : path.split("/")) {
            element = child(element, name);
            if (element == null) {
                return null;
            }
        }
        return element.getTextContent().strip();
    }

    private static Element child(Element parent, String name) {
        for (var node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(name)) {
                return element;
            }
        }
        return null;
    }
}
