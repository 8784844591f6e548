package dev.mil4j.cli;

import dev.mil4j.compression.WeightImportance;
import dev.mil4j.core.ir.Block;
import dev.mil4j.core.ir.Function;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.op.ConstOp;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.interpreter.npy.Npy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The element importances of weighted k-means palettization ({@code --importance PATH}, or {@code importance} in
 * an {@code OpPalettizerConfig} of {@code --config}): an {@code .npz} archive ({@code numpy.savez}, compressed or
 * not) or a folder of {@code .npy} files, one array per weight, named by the weight's const op (the name each weight
 * has in {@code mil4j compress}'s report) and of the weight's shape, holding finite, non-negative float values, not
 * all zero. Weights without an array are clustered unweighted. A weight pruned by the same command keeps its
 * const's name here. Every array is checked against the model before compressing: an array naming no weight, or of
 * another shape, is an error naming the file and the array.
 */
final class ImportanceFile implements WeightImportance {
    private static final String PRUNED = "_sparsified";

    private final Path source;
    private final Map<String, TensorValue> arrays;

    private ImportanceFile(Path source, Map<String, TensorValue> arrays) {
        this.source = source;
        this.arrays = arrays;
    }

    /** @throws Mil4j.UsageException naming the file or array at fault */
    static ImportanceFile read(Path path) {
        Map<String, TensorValue> arrays = new TreeMap<>();
        try {
            if (Files.isDirectory(path)) {
                try (Stream<Path> files = Files.list(path)) {
                    for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".npy")).sorted().toList()) {
                        String name = f.getFileName().toString();
                        arrays.put(name.substring(0, name.length() - 4), Npy.read(f));
                    }
                }
            } else if (Files.isRegularFile(path)) {
                try (ZipFile zip = new ZipFile(path.toFile())) {
                    for (ZipEntry e : zip.stream().toList()) {
                        if (e.isDirectory() || !e.getName().endsWith(".npy")) {
                            continue;
                        }
                        try (InputStream in = zip.getInputStream(e)) {
                            String name = e.getName();
                            arrays.put(name.substring(0, name.length() - 4),
                                    Npy.parse(in.readAllBytes(), path.resolve(name)));
                        }
                    }
                } catch (java.util.zip.ZipException e) {
                    throw new Mil4j.UsageException("the importance file " + path + " is not an .npz archive (" + e
                            .getMessage() + "); give an .npz file (numpy.savez) or a folder of .npy files");
                }
            } else {
                throw new Mil4j.UsageException("the importance file " + path + " does not exist; give an .npz file "
                        + "(numpy.savez) or a folder of .npy files, one array per weight");
            }
        } catch (IOException e) {
            throw new Mil4j.UsageException("cannot read the importances " + path + ": " + e.getMessage());
        }
        if (arrays.isEmpty()) {
            throw new Mil4j.UsageException("the importances " + path + " hold no .npy array; give one per weight, "
                    + "named by the weight's const op");
        }
        arrays.forEach((name, a) -> checkValues(path, name, a));
        return new ImportanceFile(path, arrays);
    }

    private static void checkValues(Path path, String name, TensorValue a) {
        if (!a.dtype().isFloat()) {
            throw new Mil4j.UsageException("the importances " + path + ": array `" + name + "` is " + a.dtype()
                    + "; importances are float16, float32 or float64");
        }
        boolean any = false;
        for (long i = 0; i < a.elementCount(); i++) {
            double v = a.getDouble(i);
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new Mil4j.UsageException("the importances " + path + ": array `" + name + "` holds " + v
                        + " at element " + i + "; importances are finite and not negative");
            }
            any |= v > 0;
        }
        if (!any) {
            throw new Mil4j.UsageException("the importances " + path + ": array `" + name + "` is zero "
                    + "everywhere; leave it out to cluster that weight unweighted");
        }
    }

    /**
     * Checks that every array names a weight of {@code program} (a const op, or a pruned weight's
     * {@code constexpr_sparse_to_dense}) and has its shape.
     *
     * @throws Mil4j.UsageException naming the first array at fault and, for an unknown name, the weights there are
     */
    void check(Program program) {
        Map<String, TensorType> weights = new TreeMap<>();
        for (Function f : program.functions()) {
            collect(f.body(), weights);
        }
        for (Map.Entry<String, TensorValue> e : arrays.entrySet()) {
            TensorType w = weights.get(e.getKey());
            if (w == null) {
                List<String> some = new ArrayList<>();
                weights.forEach((name, t) -> {
                    if (t.shape().elementCount().orElse(0) >= 2048) {
                        some.add(name);
                    }
                });
                throw new Mil4j.UsageException("the importances " + source + ": array `" + e.getKey()
                        + "` names no weight of the model; its float weights of 2048 or more elements are "
                        + (some.isEmpty() ? "none" : String.join(", ", some.subList(0, Math.min(12, some.size())))
                        + (some.size() > 12 ? ", ... (" + some.size() + " in all)" : "")));
            }
            if (!w.shape().equals(e.getValue().shape())) {
                throw new Mil4j.UsageException("the importances " + source + ": array `" + e.getKey() + "` has shape "
                        + e.getValue().shape() + ", but the weight has shape " + w.shape()
                        + "; give one importance per element");
            }
        }
    }

    private static void collect(Block block, Map<String, TensorType> weights) {
        for (Operation op : block.operations()) {
            boolean weight = op.def() == ConstOp.INSTANCE || op.type().equals("constexpr_sparse_to_dense");
            if (weight && op.outputs().size() == 1 && op.output().type() instanceof TensorType t
                    && t.dtype().isFloat() && t.shape().elementCount().orElse(0) > 0) {
                weights.put(op.name(), t);
            }
            op.blocks().forEach(b -> collect(b, weights));
        }
    }

    @Override
    public Optional<float[]> of(String weight) {
        TensorValue a = arrays.get(weight);
        if (a == null && weight.endsWith(PRUNED)) {
            a = arrays.get(weight.substring(0, weight.length() - PRUNED.length()));
        }
        return Optional.ofNullable(a).map(TensorValue::toFloatArray);
    }
}
