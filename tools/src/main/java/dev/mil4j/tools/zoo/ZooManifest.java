package dev.mil4j.tools.zoo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A zoo folder's {@code MANIFEST.tsv}: a header line, then one model per line with its name, input shapes
 * ({@code 1x3x224x224}, several separated by commas), output shapes and dtypes, and whether an ONNX export exists
 * ({@code yes}, or {@code no: why}).
 */
record ZooManifest(Path folder, List<Model> models) {
    /** One model of the zoo: {@code NAME.pt}, maybe {@code NAME.onnx}, {@code NAME.input<i>.npy}, {@code NAME.output<j>.npy}. */
    record Model(String name, List<String> inputShapes, boolean hasOnnx) {
        Path torchScript(Path folder) {
            return folder.resolve(name + ".pt");
        }

        Path onnx(Path folder) {
            return folder.resolve(name + ".onnx");
        }
    }

    static ZooManifest read(Path folder) throws IOException {
        Path file = folder.resolve("MANIFEST.tsv");
        if (!Files.isRegularFile(file)) {
            throw new IOException(folder + " has no MANIFEST.tsv: is it a zoo folder (made by make_zoo.py)?");
        }
        List<String> lines = Files.readAllLines(file);
        List<Model> models = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] cols = line.split("\t", -1);
            if (cols.length < 2) {
                throw new IOException(file + ":" + (i + 1) + ": expected at least name and input shapes");
            }
            boolean onnx = cols.length < 4 || cols[3].trim().startsWith("yes");
            models.add(new Model(cols[0].trim(), List.of(cols[1].trim().split("\\s*[,;]\\s*")), onnx));
        }
        return new ZooManifest(folder, List.copyOf(models));
    }

    /** The models whose names are in {@code only} (all when it is empty). */
    ZooManifest select(Set<String> only) {
        if (only.isEmpty()) {
            return this;
        }
        List<String> unknown = only.stream().filter(n -> models.stream().noneMatch(m -> m.name().equals(n))).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("no model named " + String.join(", ", unknown) + " in " + folder);
        }
        return new ZooManifest(folder, models.stream().filter(m -> only.contains(m.name())).toList());
    }
}
