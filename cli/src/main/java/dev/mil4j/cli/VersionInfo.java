package dev.mil4j.cli;

import dev.mil4j.converter.Converter;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.regex.Pattern;
import picocli.CommandLine.IVersionProvider;

/**
 * What {@code mil4j --version} prints: the build's version ({@code version.properties}, filtered by Maven) and the
 * git commit it was built from ({@code commit.txt}, written by {@code git rev-parse} at build time). A build outside
 * a git checkout says "unknown commit".
 */
public final class VersionInfo implements IVersionProvider {
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{7,40}");

    @Override
    public String[] getVersion() {
        Properties p = new Properties();
        String text = resource("version.properties");
        if (text != null) {
            try {
                p.load(new StringReader(text));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read version.properties of the mil4j command", e);
            }
        }
        String version = recorded(p, "version");
        String line = "mil4j " + (version == null ? Converter.VERSION : version);
        String commit = resource("commit.txt");
        if (commit == null || !COMMIT.matcher(commit.strip()).matches()) {
            return new String[] {line + " (unknown commit)"};
        }
        return new String[] {line + " (commit " + commit.strip() + ")"};
    }

    /** A resource of this package as text, or null when the build did not write it. */
    private static String resource(String name) {
        try (InputStream in = VersionInfo.class.getResourceAsStream(name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + " of the mil4j command", e);
        }
    }

    /** A value Maven filled in, or null when it is missing, empty or still a placeholder. */
    private static String recorded(Properties p, String key) {
        String v = p.getProperty(key, "").strip();
        return v.isEmpty() || v.startsWith("${") ? null : v;
    }
}
