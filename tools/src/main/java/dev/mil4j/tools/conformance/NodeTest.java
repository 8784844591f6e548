package dev.mil4j.tools.conformance;

import dev.mil4j.frontend.onnx.proto.ModelProto;
import dev.mil4j.frontend.onnx.proto.TypeProto;
import dev.mil4j.frontend.onnx.proto.ValueInfoProto;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One ONNX backend node test: a folder with {@code model.onnx} and {@code test_data_set_0/input_<i>.pb},
 * {@code output_<j>.pb}. The op it tests is the first node's op type ({@code Op (expanded)} for the tests whose
 * model is the op's function body, named {@code ..._expanded}).
 */
record NodeTest(String name, Path folder, ModelProto model, String op) {
    static NodeTest read(Path folder) throws IOException {
        ModelProto m;
        try (InputStream in = Files.newInputStream(folder.resolve("model.onnx"))) {
            m = ModelProto.parseFrom(in);
        }
        String name = folder.getFileName().toString();
        String op = m.getGraph().getNodeCount() == 0 ? "(none)" : m.getGraph().getNode(0).getOpType();
        return new NodeTest(name, folder, m, op);
    }

    /** Whether the test is the expansion of an op into its function body (the op is named by the unexpanded test). */
    boolean expanded() {
        return name.endsWith("_expanded");
    }

    /** The ops whose outputs are random draws: no backend reproduces their values. */
    static final java.util.Set<String> RANDOM_OPS = java.util.Set.of("Bernoulli", "Multinomial", "RandomNormal",
            "RandomNormalLike", "RandomUniform", "RandomUniformLike");

    /** Whether the model draws random values (a node of the main graph is a random op). */
    boolean drawsRandomValues() {
        return model.getGraph().getNodeList().stream().anyMatch(node -> RANDOM_OPS.contains(node.getOpType()));
    }

    Path modelFile() {
        return folder.resolve("model.onnx");
    }

    /** The graph inputs and outputs that are not tensors (sequences, maps, optionals), named with their kind. */
    Optional<String> nonTensorValue() {
        List<ValueInfoProto> values = new ArrayList<>(model.getGraph().getInputList());
        values.addAll(model.getGraph().getOutputList());
        for (ValueInfoProto v : values) {
            TypeProto t = v.getType();
            if (!t.hasTensorType()) {
                String kind = t.hasSequenceType() ? "sequence" : t.hasOptionalType() ? "optional"
                        : t.hasMapType() ? "map" : "sparse or untyped";
                return Optional.of(kind + " value `" + v.getName() + "`");
            }
        }
        return Optional.empty();
    }

    List<TensorFiles.Tensor> tensors(String kind) throws IOException {
        Path set = folder.resolve("test_data_set_0");
        List<TensorFiles.Tensor> out = new ArrayList<>();
        for (int i = 0; Files.isRegularFile(set.resolve(kind + "_" + i + ".pb")); i++) {
            out.add(TensorFiles.read(set.resolve(kind + "_" + i + ".pb")));
        }
        return out;
    }

    /** The test folders under {@code dir}: {@code dir/node/test_*} (the generator's layout) or {@code dir/test_*}. */
    static List<Path> folders(Path dir) throws IOException {
        Path node = Files.isDirectory(dir.resolve("node")) ? dir.resolve("node") : dir;
        try (Stream<Path> s = Files.list(node)) {
            return s.filter(p -> Files.isRegularFile(p.resolve("model.onnx"))).sorted().toList();
        }
    }
}
