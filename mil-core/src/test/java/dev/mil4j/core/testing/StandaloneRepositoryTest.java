package dev.mil4j.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The repository stands alone: no source, build file, script or document refers to the folder of shared fixtures
 * that once sat beside the checkout, which a user's clone does not have. Tests read their models through
 * {@link TestData}. The needles are assembled at run time, so this file does not match itself.
 */
class StandaloneRepositoryTest {
    private static final Set<String> EXTENSIONS = Set.of("java", "xml", "md", "py", "sh", "proto", "properties",
            "yml", "yaml", "txt", "tsv", "json", "mil", "config");
    /** Folders that hold build output or version-control data, not sources. */
    private static final Set<String> SKIPPED = Set.of("target", ".git", "node_modules", "out");
    /** Text files larger than this are data (weights, large dumps), not sources. */
    private static final long LARGEST = 2 << 20;

    private static List<String> needles() {
        String folder = "sha" + "red";
        return List.of(".." + "/" + folder, folder + "/fixtures", folder + "/formats",
                "\"" + folder + "\", \"fixtures\"", "\"" + folder + "\", \"formats\"");
    }

    @Test
    void noFileMentionsTheFolderBesideTheCheckout() throws IOException {
        Path root = TestData.repositoryRoot();
        List<Path> files = sources(root);
        assertThat(files).as("the scan sees the repository's sources")
                .contains(root.resolve("README.md"), root.resolve("pom.xml"),
                        root.resolve("mil-core/src/test/java/dev/mil4j/core/testing/TestData.java"))
                .hasSizeGreaterThan(200);

        List<String> found = new ArrayList<>();
        for (Path file : files) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
            for (int i = 0; i < lines.size(); i++) {
                for (String needle : needles()) {
                    if (lines.get(i).contains(needle)) {
                        found.add(root.relativize(file) + ":" + (i + 1) + " mentions " + needle);
                    }
                }
            }
        }
        assertThat(found).as("files that point outside the repository (use testdata/ and TestData instead)").isEmpty();
    }

    /** Every source-like file under the root: by extension, or an extensionless script starting with {@code #!}. */
    private static List<Path> sources(Path root) throws IOException {
        List<Path> out = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return !dir.equals(root) && SKIPPED.contains(dir.getFileName().toString())
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile() && attrs.size() <= LARGEST && isSource(file)) {
                    out.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        out.sort(null);
        return out;
    }

    private static boolean isSource(Path file) throws IOException {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        if (dot > 0) {
            return EXTENSIONS.contains(name.substring(dot + 1));
        }
        try (var in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(2);
            return head.length == 2 && head[0] == '#' && head[1] == '!';
        }
    }
}
