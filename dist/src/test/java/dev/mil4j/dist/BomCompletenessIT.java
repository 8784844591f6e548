package dev.mil4j.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.testing.TestData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The BOM pins every module of the build that a user depends on: a module added to the root pom is either added to
 * {@code bom/pom.xml} or listed here with the reason it is not a dependency; and the BOM has the build's version.
 */
class BomCompletenessIT {
    private static final Map<String, String> NOT_DEPENDENCIES = Map.of(
            "mil4j-bom", "the BOM itself",
            "mil4j-dist", "the distribution archives",
            "mil4j-maven-plugin", "a build plugin, versioned in <plugins>, not through dependencyManagement",
            "embed-onnx", "an example application",
            "benchmarks", "JMH benchmarks",
            "tools", "developer tools");

    @Test
    void pinsEveryModuleAUserDependsOn() throws Exception {
        Path root = TestData.repositoryRoot();
        Set<String> modules = new TreeSet<>();
        for (String module : texts(parse(root.resolve("pom.xml")).getDocumentElement(), "modules", "module")) {
            modules.add(artifactId(parse(root.resolve(module).resolve("pom.xml"))));
        }
        assertThat(modules).containsAll(NOT_DEPENDENCIES.keySet());
        modules.removeAll(NOT_DEPENDENCIES.keySet());

        Element bom = parse(root.resolve("bom/pom.xml")).getDocumentElement();
        assertThat(child(bom, "version").getTextContent()).as("the BOM's version (it has no parent to inherit it)")
                .isEqualTo(child(parse(root.resolve("pom.xml")).getDocumentElement(), "version").getTextContent());
        Element bomManagement = child(bom, "dependencyManagement");
        Set<String> pinned = new TreeSet<>(texts(bomManagement, "dependencies", "artifactId"));
        assertThat(pinned).isEqualTo(modules);
    }

    private static Document parse(Path pom) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    }

    private static String artifactId(Document pom) {
        return child(pom.getDocumentElement(), "artifactId").getTextContent().strip();
    }

    /** The texts of the {@code leaf} elements anywhere under the {@code container} child of {@code parent}. */
    private static List<String> texts(Element parent, String container, String leaf) {
        NodeList nodes = child(parent, container).getElementsByTagName(leaf);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add(nodes.item(i).getTextContent().strip());
        }
        return out;
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        throw new AssertionError("no <" + name + "> in <" + parent.getTagName() + ">");
    }
}
