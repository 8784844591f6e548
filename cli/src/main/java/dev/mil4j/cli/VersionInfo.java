package dev.mil4j.cli;

import dev.mil4j.converter.Converter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * What {@code mil4j --version} prints: the build's version and the git commit it was built from, both recorded at
 * build time in {@code version.properties}. A build outside a git checkout says "unknown commit".
 */
public final class VersionInfo implements IVersionProvider {
    private static final String RESOURCE = "version.properties";

    @Override
    public String[] getVersion() {
        Properties p = load();
        String version = recorded(p, "version");
        String commit = recorded(p, "commit");
        String line = "mil4j " + (version == null ? Converter.VERSION : version);
        if (commit == null) {
            return new String[] {line + " (unknown commit)"};
        }
        return new String[] {line + " (commit " + commit + ")"};
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = VersionInfo.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE + " of the mil4j command", e);
        }
        return p;
    }

    /** A value Maven filled in, or null when it is missing, empty or still a placeholder. */
    private static String recorded(Properties p, String key) {
        String v = p.getProperty(key, "").strip();
        return v.isEmpty() || v.startsWith("${") ? null : v;
    }
}
