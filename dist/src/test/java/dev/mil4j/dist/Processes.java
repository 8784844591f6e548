package dev.mil4j.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the distribution's integration tests share: unpacking an archive as a user would ({@code tar xzf}) and running
 * a command, such as the unpacked {@code bin/mil4j}, with exactly the given environment.
 */
final class Processes {
    private Processes() {
    }

    /** A finished command: its exit code, standard output and standard error. */
    record Result(int code, String out, String err) {
    }

    /**
     * Unpacks a {@code .tar.gz} into {@code folder} (which exists) with the system's {@code tar}.
     *
     * @return {@code folder}
     */
    static Path untar(Path archive, Path folder) throws Exception {
        assertThat(archive).isRegularFile();
        Result tar = run(folder, Map.of("PATH", System.getenv("PATH")), "tar", "xzf", archive.toString());
        assertThat(tar.code()).as("tar xzf %s: %s", archive, tar.err()).isZero();
        return folder;
    }

    /** Runs {@code command} in {@code dir} with exactly {@code env}, for at most 5 minutes. */
    static Result run(Path dir, Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(List.of(command)).directory(dir.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        Path out = Files.createTempFile("mil4j-it-out", ".txt");
        Path err = Files.createTempFile("mil4j-it-err", ".txt");
        try {
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("%s finished within 5 minutes", command[0]).isTrue();
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Runs {@code home/bin/mil4j ARGS} in {@code dir} with exactly {@code env}. */
    static Result mil4j(Path home, Path dir, Map<String, String> env, String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = home.resolve("bin/mil4j").toString();
        System.arraycopy(args, 0, command, 1, args.length);
        return run(dir, env, command);
    }
}
