package dev.mil4j.benchmarks;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import dev.mil4j.core.ir.Function;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.onnx.proto.AttributeProto;
import dev.mil4j.frontend.onnx.proto.GraphProto;
import dev.mil4j.frontend.onnx.proto.ModelProto;
import dev.mil4j.frontend.onnx.proto.NodeProto;
import dev.mil4j.frontend.onnx.proto.OperatorSetIdProto;
import dev.mil4j.frontend.onnx.proto.TensorProto;
import dev.mil4j.frontend.onnx.proto.TensorShapeProto;
import dev.mil4j.frontend.onnx.proto.TypeProto;
import dev.mil4j.frontend.onnx.proto.ValueInfoProto;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes a {@link GeneratedModels} program as an ONNX model (opset 13, IR version 8) with frontend-onnx's protobuf
 * classes, so that the ONNX frontend converts the same network with the same weights: {@code linear} becomes
 * {@code Gemm} (transB = 1, the form PyTorch exports for {@code nn.Linear}) on even layers and {@code MatMul} by a
 * transposed initializer plus {@code Add} on odd ones (the pipeline fuses both back into {@code linear}); {@code conv}
 * becomes {@code Conv} with explicit pads, {@code batch_norm} {@code BatchNormalization}, {@code relu} and {@code add}
 * {@code Relu} and {@code Add}. Weights are initializers holding fp32 {@code raw_data}.
 */
final class OnnxModels {
    /** The default-domain opset the models import. */
    static final int OPSET = 13;

    private final GraphProto.Builder graph = GraphProto.newBuilder().setName("generated");
    private final Set<String> initializers = new HashSet<>();
    private int linears;

    private OnnxModels() {
    }

    /**
     * The ONNX form of a generated program.
     *
     * @throws IllegalArgumentException when the program has an op other than those of {@link GeneratedModels}
     */
    static ModelProto of(Program program) {
        requireNonNull(program, "program is null");
        OnnxModels m = new OnnxModels();
        Function main = program.main();
        for (Var in : main.inputs()) {
            m.graph.addInput(valueInfo(in));
        }
        for (Operation op : main.body().operations()) {
            m.add(op);
        }
        for (Var out : main.outputs()) {
            m.graph.addOutput(valueInfo(out));
        }
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("mil4j-benchmarks")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(m.graph).build();
    }

    private void add(Operation op) {
        String out = op.output().name();
        switch (op.type()) {
            case "const" -> {
                // initializers are written where an op uses them
            }
            case "relu" -> node("Relu", op.name(), out, name(op, "x"));
            case "add" -> node("Add", op.name(), out, name(op, "x"), name(op, "y"));
            case "linear" -> linear(op, out);
            case "conv" -> conv(op, out);
            case "batch_norm" -> node("BatchNormalization", op.name(), out, name(op, "x"),
                    weight(op, "gamma"), weight(op, "beta"), weight(op, "mean"), weight(op, "variance"))
                    .addAttribute(AttributeProto.newBuilder().setName("epsilon")
                            .setType(AttributeProto.AttributeType.FLOAT)
                            .setF((float) op.requireInput("epsilon").value().orElseThrow().scalarDouble()));
            default -> throw new IllegalArgumentException("op " + op.name() + " (" + op.type()
                    + ") has no ONNX form here; GeneratedModels uses const, linear, conv, batch_norm, relu, add");
        }
    }

    private void linear(Operation op, String out) {
        String x = name(op, "x");
        if (linears++ % 2 == 0) {
            node("Gemm", op.name(), out, x, weight(op, "weight"), weight(op, "bias"))
                    .addAttribute(AttributeProto.newBuilder().setName("transB")
                            .setType(AttributeProto.AttributeType.INT).setI(1));
            return;
        }
        Var w = op.requireInput("weight");
        String wt = w.name() + "_t";
        initializer(wt, transpose(w.value().orElseThrow()));
        String product = out + "_matmul";
        node("MatMul", op.name() + "_matmul", product, x, wt);
        node("Add", op.name(), out, product, weight(op, "bias"));
    }

    private void conv(Operation op, String out) {
        TensorValue w = op.requireInput("weight").value().orElseThrow();
        long kh = w.shape().dim(2).size();
        long kw = w.shape().dim(3).size();
        if (!op.requireInput("pad_type").value().orElseThrow().scalarString().equals("same") || kh % 2 == 0
                || kw % 2 == 0) {
            throw new IllegalArgumentException("conv " + op.name() + ": only same-padded odd kernels are written");
        }
        NodeProto.Builder n = node("Conv", op.name(), out, name(op, "x"), weight(op, "weight"), weight(op, "bias"));
        n.addAttribute(ints("kernel_shape", kh, kw));
        n.addAttribute(ints("pads", kh / 2, kw / 2, kh / 2, kw / 2));
        n.addAttribute(ints("strides", op.requireInput("strides").value().orElseThrow().toLongArray()));
        n.addAttribute(ints("dilations", op.requireInput("dilations").value().orElseThrow().toLongArray()));
        n.addAttribute(AttributeProto.newBuilder().setName("group").setType(AttributeProto.AttributeType.INT)
                .setI(op.requireInput("groups").value().orElseThrow().scalarLong()));
    }

    private NodeProto.Builder node(String type, String name, String output, String... inputs) {
        NodeProto.Builder n = graph.addNodeBuilder().setOpType(type).setName(name).addOutput(output);
        for (String in : inputs) {
            n.addInput(in);
        }
        return n;
    }

    private static String name(Operation op, String input) {
        return op.requireInput(input).name();
    }

    /** The name of a constant input, written as an initializer on first use. */
    private String weight(Operation op, String input) {
        Var v = op.requireInput(input);
        initializer(v.name(), v.value().orElseThrow(() -> new IllegalArgumentException(op.name() + " input "
                + input + " is not a constant")));
        return v.name();
    }

    private void initializer(String name, TensorValue value) {
        if (!initializers.add(name)) {
            return;
        }
        if (value.dtype() != DType.FP32) {
            throw new IllegalArgumentException("initializer " + name + " is " + value.dtype() + ", not fp32");
        }
        TensorProto.Builder t = graph.addInitializerBuilder().setName(name)
                .setDataType(TensorProto.DataType.FLOAT_VALUE).setRawData(ByteString.copyFrom(value.buffer()));
        for (long d : value.shape().toLongArray()) {
            t.addDims(d);
        }
    }

    private static TensorValue transpose(TensorValue w) {
        int rows = (int) w.shape().dim(0).size();
        int cols = (int) w.shape().dim(1).size();
        float[] in = w.toFloatArray();
        float[] out = new float[in.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[c * rows + r] = in[r * cols + c];
            }
        }
        return TensorValue.ofFloats(Shape.of(cols, rows), out);
    }

    private static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    private static ValueInfoProto valueInfo(Var v) {
        TensorType t = v.tensorType();
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long d : t.shape().toLongArray()) {
            shape.addDimBuilder().setDimValue(d);
        }
        return ValueInfoProto.newBuilder().setName(v.name()).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape)))
                .build();
    }

    /** The op types of a node list, for tests. */
    static List<String> opTypes(ModelProto model) {
        return model.getGraph().getNodeList().stream().map(NodeProto::getOpType).toList();
    }
}
