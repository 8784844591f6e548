package dev.mil4j.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.testing.TestData;
import dev.mil4j.dist.Processes.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unpacks the distribution's tar.gz into a temporary folder and runs {@code bin/mil4j} there as a user would: with
 * a PATH that holds neither Maven nor the source tree (only the few POSIX tools the launcher uses), models copied
 * beside it, and Java found through {@code JAVA_HOME}.
 */
class DistributionIT {
    @TempDir
    static Path work;

    private static Path home;
    private static Path tools;

    @BeforeAll
    static void unpack() throws Exception {
        Path archive = Path.of(System.getProperty("mil4j.dist.archive"));
        Path unpacked = Processes.untar(archive, Files.createDirectory(work.resolve("unpacked")));
        home = unpacked.resolve("mil4j-" + System.getProperty("mil4j.dist.version"));
        // a PATH with the tools the launcher needs and nothing else: no java, no mvn
        tools = Files.createDirectory(work.resolve("tools"));
        for (String tool : List.of("sed", "dirname", "head", "ls", "mv", "rm")) {
            Files.createSymbolicLink(tools.resolve(tool), which(tool));
        }
    }

    @Test
    void holdsTheLauncherJarsPluginsFolderDocumentsAndCompletion() throws IOException {
        assertThat(home.resolve("bin/mil4j")).isExecutable();
        assertThat(home.resolve("LICENSE")).content().contains("Apache License");
        assertThat(home.resolve("README.md")).content().contains("# mil4j");
        assertThat(home.resolve("plugins")).isDirectory();
        assertThat(home.resolve("completion/mil4j_completion")).content()
                .contains("complete -F _complete_mil4j").contains("convert");
        try (var jars = Files.list(home.resolve("lib"))) {
            assertThat(jars.map(p -> p.getFileName().toString()))
                    .anyMatch(n -> n.startsWith("cli-")).anyMatch(n -> n.startsWith("frontend-onnx-"))
                    .anyMatch(n -> n.startsWith("backend-neuralnetwork-")).anyMatch(n -> n.startsWith("picocli-"));
        }
    }

    @Test
    void theZipHoldsTheFilesOfTheTarball() throws Exception {
        Path archive = Path.of(System.getProperty("mil4j.dist.archive"));
        Path zip = archive.resolveSibling(archive.getFileName().toString().replace(".tar.gz", ".zip"));
        Set<String> zipped = new TreeSet<>();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            z.stream().filter(e -> !e.isDirectory()).forEach(e -> zipped.add(e.getName()));
        }
        Set<String> unpacked = new TreeSet<>();
        try (var files = Files.walk(home)) {
            files.filter(Files::isRegularFile).filter(f -> !f.getParent().endsWith("plugins")
                    || f.getFileName().toString().equals("README.md"))
                    .forEach(f -> unpacked.add(home.getParent().relativize(f).toString()));
        }
        assertThat(zipped).isEqualTo(unpacked).contains(home.getFileName() + "/bin/mil4j");
    }

    @Test
    void printsTheVersionAndCommit() throws Exception {
        Result r = mil4j(javaEnv(), "--version");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("mil4j " + System.getProperty("mil4j.dist.version") + " (")
                .containsPattern("\\((commit [0-9a-f]{7,}|unknown commit)");
    }

    @Test
    void convertsAnOnnxModelWithoutMavenOrTheSourceTree() throws Exception {
        Path model = Files.copy(TestData.path("onnx/mlp.onnx"), work.resolve("mlp.onnx"));
        Result r = mil4j(javaEnv(), "convert", model.toString(), "-o", work.resolve("out/mlp.mlpackage").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(work.resolve("out/mlp.mlpackage/Manifest.json")).isRegularFile();
    }

    @Test
    void loadsThePluginsOfItsPluginsFolder() throws Exception {
        Path jar = Path.of(System.getProperty("mil4j.dist.plugin"));
        Files.copy(jar, home.resolve("plugins").resolve(jar.getFileName()));
        try {
            Path model = Files.copy(TestData.repositoryRoot().resolve("examples/custom-topk/models/topk_head.pb"),
                    work.resolve("topk_head.pb"));
            Path out = work.resolve("out/topk.mlmodel");
            Result r = mil4j(javaEnv(), "convert", model.toString(), "--to", "neuralnetwork", "-o", out.toString());
            assertThat(r.code()).as(r.err()).isZero();
            Result inspect = mil4j(javaEnv(), "inspect", out.toString());
            assertThat(inspect.code()).as(inspect.err()).isZero();
            assertThat(inspect.out()).contains("CustomTopK");
        } finally {
            Files.delete(home.resolve("plugins").resolve(jar.getFileName()));
        }
    }

    @Test
    void saysSoWhenJavaHomeHoldsNoJava() throws Exception {
        Path empty = Files.createDirectories(work.resolve("empty-jdk"));
        Result r = mil4j(Map.of("PATH", tools.toString(), "JAVA_HOME", empty.toString()), "--version");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("JAVA_HOME is " + empty).contains("holds no bin/java").contains("Java 17");
    }

    @Test
    void makesAStartUpArchiveOnceAndStartsFromIt() throws Exception {
        Path startup = home.resolve("lib/startup");
        assertThat(startup.resolve("training")).isDirectoryContaining("glob:**.onnx");
        Map<String, String> env = new HashMap<>(javaEnv());
        env.remove("MIL4J_STARTUP_ARCHIVE");
        Result first = mil4j(env, "--version");
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.err()).contains("making a start-up archive for Java");
        Path archive;
        try (var files = Files.list(startup)) {
            archive = files.filter(f -> f.toString().endsWith(".jsa") || f.toString().endsWith(".aot")).findFirst()
                    .orElseThrow();
        }
        try (var files = Files.list(startup)) {
            assertThat(files.map(f -> f.getFileName().toString())).as("no training output or partial archive left")
                    .allMatch(n -> n.equals("training") || n.matches(".*\\.(jsa|aot)(\\.home)?"));
        }

        // the next run maps the archive: the CLI's classes come from it, and nothing is said about it
        Path log = work.resolve("class-load.txt");
        env.put("MIL4J_JAVA_OPTS", "-Xmx1g -Xlog:class+load:file=" + log);
        Result second = mil4j(env, "--version");
        assertThat(second.code()).as(second.err()).isZero();
        assertThat(second.err()).isEmpty();
        assertThat(Files.readAllLines(log)).anyMatch(l -> l.contains("dev.mil4j.cli.Mil4j ")
                && l.contains("shared objects file"));

        // an archive the JVM cannot map (here: not an archive at all) costs the fast start, never the run
        Files.writeString(archive, "not an archive");
        Files.setLastModifiedTime(archive, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
        env.put("MIL4J_JAVA_OPTS", "-Xmx1g");
        Result broken = mil4j(env, "--version");
        assertThat(broken.code()).as(broken.err()).isZero();
        assertThat(broken.err()).isEmpty();
        assertThat(broken.out()).startsWith("mil4j " + System.getProperty("mil4j.dist.version"));

        // one made for another class path (a moved distribution) is made anew
        Files.writeString(archive.resolveSibling(archive.getFileName() + ".home"), "/elsewhere/lib/*\n");
        Result moved = mil4j(env, "--version");
        assertThat(moved.code()).as(moved.err()).isZero();
        assertThat(moved.err()).contains("making a start-up archive");
        assertThat(Files.size(archive)).isGreaterThan(1_000_000);
    }

    @Test
    void saysSoWhenThereIsNoJavaAtAll() throws Exception {
        // MIL4J_JDK_DIRS empty: no look for a JDK 25 in /usr/lib/jvm either
        Result r = mil4j(Map.of("PATH", tools.toString(), "MIL4J_JDK_DIRS", ""), "--version");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("no Java found").contains("Java 17 or newer");
    }

    @Test
    void refusesAJavaOlderThan17() throws Exception {
        Path old = Files.createDirectories(work.resolve("old-jdk/bin"));
        Path java = old.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho 'openjdk version \"11.0.21\" 2023-10-17' >&2\n");
        java.toFile().setExecutable(true);
        Result r = mil4j(Map.of("PATH", tools.toString(), "JAVA_HOME", old.getParent().toString()), "--version");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("needs Java 17 or newer").contains("version 11.0.21");
    }

    private static Map<String, String> javaEnv() {
        // the start-up archive off, but in its own test: its training run takes seconds
        return Map.of("PATH", tools.toString(), "JAVA_HOME", System.getProperty("java.home"),
                "MIL4J_JAVA_OPTS", "-Xmx1g", "MIL4J_STARTUP_ARCHIVE", "off");
    }

    private static Result mil4j(Map<String, String> env, String... args) throws Exception {
        return Processes.mil4j(home, work, env, args);
    }

    private static Path which(String tool) {
        for (String dir : System.getenv("PATH").split(":")) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new IllegalStateException("no " + tool + " on PATH");
    }
}
