package dev.mil4j.cli;

import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.core.ir.Block;
import dev.mil4j.core.ir.Function;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.op.ConstOp;
import dev.mil4j.core.op.Opset;
import com.google.protobuf.CodedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The one line a command ends with: what it wrote, how big, how long it took. */
final class Summary {
    private static final int LISTED_OUTPUTS = 4;

    private Summary() {
    }

    /**
     * {@code wrote out/m.mlpackage (ML Program, iOS15, 191 ops, 23.4 MB) in 1.2 s}; a NeuralNetwork model names its
     * specification version instead of the opset.
     */
    static String converted(Path output, String target, Program program, long nanos) {
        String opset = target.equals(ConvertOptions.NEURALNETWORK) ? specificationVersion(output)
                : program.functions().stream().map(Function::opset).max(Comparator.naturalOrder())
                        .map(Opset::target).orElse("no functions");
        long size = sizeOnDisk(output);
        return "wrote " + output + " (" + formatName(target) + ", " + opset + ", " + opCount(program) + " ops"
                + (size >= 0 ? ", " + Quantities.bytes(size) : "") + ") in " + Quantities.seconds(nanos);
    }

    /** {@code wrote 2 outputs to out (y.npy: fp32[1, 10], z.npy: fp32[3]) in 0.3 s}, naming the first few. */
    static String ran(Path folder, Map<String, String> outputs, long nanos) {
        String listed = outputs.entrySet().stream().limit(LISTED_OUTPUTS)
                .map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining(", "));
        int more = outputs.size() - LISTED_OUTPUTS;
        return "wrote " + outputs.size() + (outputs.size() == 1 ? " output" : " outputs") + " to " + folder + " ("
                + listed + (more > 0 ? ", " + more + " more" : "") + ") in " + Quantities.seconds(nanos);
    }

    /**
     * What a NeuralNetwork model needs of Core ML: its specification version (the MIL opset the program was built
     * with says nothing about the layers written), read from the file's first field.
     */
    private static String specificationVersion(Path model) {
        try (InputStream in = Files.newInputStream(model)) {
            CodedInputStream coded = CodedInputStream.newInstance(in);
            int tag = coded.readTag();
            return tag == SPECIFICATION_VERSION_TAG ? "specification version " + coded.readInt32()
                    : "specification version unknown";
        } catch (IOException e) {
            return "specification version unknown";
        }
    }

    /** {@code Model.specificationVersion}: field 1, a varint. */
    private static final int SPECIFICATION_VERSION_TAG = 1 << 3;

    /** The Core ML name of a target: {@code ML Program}, {@code NeuralNetwork}, else the target's id. */
    static String formatName(String target) {
        return switch (target) {
            case ConvertOptions.MLPROGRAM -> "ML Program";
            case ConvertOptions.NEURALNETWORK -> "NeuralNetwork";
            default -> target;
        };
    }

    /** The ops of a program other than constants, nested blocks included. */
    static int opCount(Program program) {
        int n = 0;
        for (Function f : program.functions()) {
            n += opCount(f.body());
        }
        return n;
    }

    private static int opCount(Block block) {
        int n = 0;
        for (Operation op : block.operations()) {
            if (op.def() != ConstOp.INSTANCE) {
                n++;
            }
            for (Block nested : op.blocks()) {
                n += opCount(nested);
            }
        }
        return n;
    }

    /** The bytes of a file, or of all files under a directory (an {@code .mlpackage}); -1 when unreadable. */
    static long sizeOnDisk(Path path) {
        try (Stream<Path> files = Files.walk(path)) {
            long total = 0;
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                total += Files.size(p);
            }
            return total;
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }
}
