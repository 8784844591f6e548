package dev.mil4j.maven;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.maven.plugin.MojoFailureException;

/**
 * The models of a {@code convert} execution: each entry of {@code <models>} is a model file, a model directory (a
 * TensorFlow SavedModel, which holds {@code saved_model.pb}) or a directory whose files matching the
 * {@code <includes>} globs (relative to it: {@code *.onnx}, {@code nets/**}{@code /*.pt}) are models.
 */
final class ModelSet {
    /** The includes when none are given: the model files of every frontend mil4j ships, at the top of the folder. */
    static final List<String> DEFAULT_INCLUDES = List.of("*.onnx", "*.pt", "*.pb", "*.mil");

    private ModelSet() {
    }

    /**
     * The model paths, in the order given (a directory's matches sorted by path).
     *
     * @throws MojoFailureException when an entry does not exist, a directory matches nothing, or two models would
     *     be written to the same output name
     */
    static List<Path> expand(List<File> models, List<String> includes) throws MojoFailureException {
        if (models == null || models.isEmpty()) {
            throw new MojoFailureException("mil4j: name the models to convert in <models>, e.g. "
                    + "<models><model>src/main/models/net.onnx</model></models>");
        }
        List<String> globs = includes == null || includes.isEmpty() ? DEFAULT_INCLUDES : includes;
        List<Path> out = new ArrayList<>();
        for (File entry : models) {
            Path p = entry.toPath();
            if (Files.isRegularFile(p) || Files.isRegularFile(p.resolve("saved_model.pb"))) {
                out.add(p);
            } else if (Files.isDirectory(p)) {
                List<Path> matches = matching(p, globs);
                if (matches.isEmpty()) {
                    throw new MojoFailureException("mil4j: no file in the model folder " + p + " matches the "
                            + "<includes> " + globs + "; add a pattern that matches its models");
                }
                out.addAll(matches);
            } else {
                throw new MojoFailureException("mil4j: the model " + p + " does not exist; fix its <model> entry");
            }
        }
        Map<String, Path> byName = new HashMap<>();
        for (Path model : out) {
            Path previous = byName.putIfAbsent(baseName(model), model);
            if (previous != null && !previous.equals(model)) {
                throw new MojoFailureException("mil4j: the models " + previous + " and " + model + " would both be "
                        + "written as " + baseName(model) + "; convert them in separate executions with their own "
                        + "<outputDirectory>");
            }
        }
        return out.stream().distinct().toList();
    }

    /** A model's output name without extension: its file name up to the last dot. */
    static String baseName(Path model) {
        String name = model.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static List<Path> matching(Path dir, List<String> globs) {
        List<PathMatcher> matchers = globs.stream()
                .map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g)).toList();
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> matchers.stream().anyMatch(m -> m.matches(dir.relativize(f))))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the model folder " + dir, e);
        }
    }
}
