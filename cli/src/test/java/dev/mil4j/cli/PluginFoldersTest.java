package dev.mil4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin folders a launcher names in {@value PluginOptions#PLUGIN_DIR_PROPERTY}: several, joined by the path
 * separator (the source tree's {@code ./mil4j} names the reference runtime modules' folders), those that exist
 * loaded, and a folder also given with {@code --plugin-dir} loaded once (twice would register its plugin twice).
 */
class PluginFoldersTest {
    @TempDir
    Path dir;

    @AfterEach
    void clearTheProperty() {
        System.clearProperty(PluginOptions.PLUGIN_DIR_PROPERTY);
    }

    @Test
    void everyNamedFolderIsLoadedAndAFolderGivenTwiceOnce() throws Exception {
        Path jar = VerifyCommandTest.compilePlugin(Path.of("src/test/plugins/broken-relu"),
                "brokenrelu.BrokenReluPlugin", Files.createDirectories(dir.resolve("build")).resolve("broken-relu.jar"));
        Path folder = Files.createDirectories(dir.resolve("plugins"));
        Files.copy(jar, folder.resolve("broken-relu.jar"));
        System.setProperty(PluginOptions.PLUGIN_DIR_PROPERTY, dir.resolve("absent") + File.pathSeparator + folder);
        CliTest.Result r = CliTest.run("plugins", "--plugin-dir", folder.resolve(".").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().split("test-broken-relu", -1)).as(r.out()).hasSize(2);
    }

    @Test
    void withoutTheFolderThePluginIsNotThere() {
        System.setProperty(PluginOptions.PLUGIN_DIR_PROPERTY, dir.resolve("absent").toString());
        CliTest.Result r = CliTest.run("plugins");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).doesNotContain("test-broken-relu");
    }
}
