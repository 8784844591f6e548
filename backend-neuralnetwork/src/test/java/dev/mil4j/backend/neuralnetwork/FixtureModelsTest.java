package dev.mil4j.backend.neuralnetwork;

import static dev.mil4j.backend.neuralnetwork.TestPrograms.weights;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.spi.Precision;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.ir.Verifier;
import dev.mil4j.core.op.Binding;
import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.core.testing.TestData;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.ops.MathOps;
import dev.mil4j.ops.ReductionOps;
import dev.mil4j.ops.ActivationOps;
import dev.mil4j.ops.NnOps;
import dev.mil4j.ops.TensorOps;
import dev.mil4j.spec.ModelFiles;
import dev.mil4j.spec.proto.Model;
import dev.mil4j.spec.proto.NeuralNetworkLayer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The public fixture models as MIL programs built with the typed op helpers (what coremltools' torch frontend made
 * of them, see {@code testdata/coremltools/*.mlprogram.json}), converted, written, read back and compared with
 * the {@code .mlmodel} coremltools wrote: specification version, layer kinds in order, input and output names, shapes
 * and types, and the custom layer's class name and parameters.
 */
class FixtureModelsTest {
    static final Path FIXTURES = TestData.path("coremltools");
    private static final ConvertOptions OPTIONS = ConvertOptions.builder().target("neuralnetwork").build();
    private static final ConvertOptions FP16 = ConvertOptions.builder().target("neuralnetwork")
            .computePrecision(Precision.FP16).build();

    @TempDir
    Path dir;

    private static Var c(Builder b, float v) {
        return b.constant(TensorValue.scalar(v));
    }

    private static Var lin(Builder b, Var x, long seed, int in, int out) {
        return NnOps.linear(b, x, b.constant(weights(seed, out, in)), Optional.of(b.constant(weights(seed + 1, out))));
    }

    private static Builder start(Program p, OpRegistry r, Object... namesAndShapes) {
        Map<String, TensorType> inputs = new LinkedHashMap<>();
        for (int i = 0; i < namesAndShapes.length; i += 2) {
            inputs.put((String) namesAndShapes[i], TensorType.of(DType.FP32, (long[]) namesAndShapes[i + 1]));
        }
        return TestPrograms.main(p, r, inputs);
    }

    private static void finish(Builder b, Map<Var, String> outputs) {
        outputs.forEach((v, name) -> v.rename(name));
        b.function().setOutputs(List.copyOf(outputs.keySet()));
    }

    /**
     * Writes the program (streamed layer by layer) and reads it back; the file holds exactly the bytes of the model
     * assembled in memory, with fp32 weights and with fp16 ones.
     */
    private Model roundTrip(Program p) throws Exception {
        assertThat(Verifier.verify(p)).isEmpty();
        NeuralNetworkBackend backend = new NeuralNetworkBackend();
        Path out = dir.resolve("model.mlmodel");
        backend.write(p, out, OPTIONS);
        assertThat(Files.readAllBytes(out)).isEqualTo(backend.toModel(p, OPTIONS).toByteArray());
        Path half = dir.resolve("model_fp16.mlmodel");
        backend.write(p, half, FP16);
        assertThat(Files.readAllBytes(half)).isEqualTo(backend.toModel(p, FP16).toByteArray());
        assertThat(Files.size(half)).isLessThanOrEqualTo(Files.size(out));
        return ModelFiles.readModel(out);
    }

    private static void assertSameStructure(Model ours, String fixture) throws Exception {
        Model theirs = ModelFiles.readModel(FIXTURES.resolve(fixture));
        assertThat(ours.getSpecificationVersion()).isEqualTo(theirs.getSpecificationVersion());
        assertThat(kinds(ours)).containsExactlyElementsOf(kinds(theirs));
        assertThat(ours.getDescription().getInputList()).isEqualTo(theirs.getDescription().getInputList());
        assertThat(ours.getDescription().getOutputList()).isEqualTo(theirs.getDescription().getOutputList());
        assertThat(ours.getNeuralNetwork().getArrayInputShapeMapping())
                .isEqualTo(theirs.getNeuralNetwork().getArrayInputShapeMapping());
        List<NeuralNetworkLayer> a = ours.getNeuralNetwork().getLayersList();
        List<NeuralNetworkLayer> t = theirs.getNeuralNetwork().getLayersList();
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i).getInputCount()).as("inputs of layer %d (%s)", i, a.get(i).getLayerCase())
                    .isEqualTo(t.get(i).getInputCount());
            assertThat(a.get(i).getOutputCount()).isEqualTo(t.get(i).getOutputCount());
        }
    }

    private static List<String> kinds(Model m) {
        return m.getNeuralNetwork().getLayersList().stream().map(l -> l.getLayerCase().name()).toList();
    }

    private static Program topkHead(boolean custom) {
        OpRegistry r = custom ? TestPrograms.registry(new CustomTopKOp()) : TestPrograms.registry();
        Program p = new Program();
        Builder b = start(p, r, custom ? "x" : "input0", new long[] {2, 16});
        Var y = ActivationOps.relu(b, lin(b, b.function().inputs().get(0), 1, 16, 32));
        List<Var> outs;
        if (custom) {
            outs = b.op("custom_topk").input("x", y).input("k", TensorValue.scalar(5))
                    .input("axis", TensorValue.scalar(-1)).input("sorted", TensorValue.scalar(true)).outputs();
        } else {
            TensorOps.TopK t = TensorOps.topk(b, y, 5, -1, false);
            outs = List.of(t.values(), t.indices());
        }
        Map<Var, String> o = new LinkedHashMap<>();
        o.put(outs.get(0), "var_10_0");
        o.put(outs.get(1), "var_10_1");
        finish(b, o);
        return p;
    }

    @Test
    void topkHead() throws Exception {
        assertSameStructure(roundTrip(topkHead(false)), "topk_head.mlmodel");
    }

    @Test
    void topkHeadWithCustomTopK() throws Exception {
        Model ours = roundTrip(topkHead(true));
        assertSameStructure(ours, "topk_head_custom_topk.mlmodel");
        Model theirs = ModelFiles.readModel(FIXTURES.resolve("topk_head_custom_topk.mlmodel"));
        assertThat(ours.getNeuralNetwork().getLayers(2).getCustom())
                .isEqualTo(theirs.getNeuralNetwork().getLayers(2).getCustom());
    }

    @Test
    void smallCnn() throws Exception {
        Program p = new Program();
        Builder b = start(p, TestPrograms.registry(), "input0", new long[] {1, 3, 16, 16});
        Var x = b.function().inputs().get(0);
        Var h = NnOps.conv(b, x, b.constant(weights(1, 8, 3, 3, 3)), Optional.of(b.constant(weights(2, 8))),
                new int[] {1, 1}, new int[] {1, 1, 1, 1}, new int[] {1, 1}, 1);
        h = ActivationOps.relu(b, h);
        h = NnOps.maxPool(b, h, new int[] {2, 2}, new int[] {2, 2}, "valid");
        h = NnOps.conv(b, h, b.constant(weights(3, 16, 8, 3, 3)), Optional.of(b.constant(weights(4, 16))),
                new int[] {2, 2}, new int[] {1, 1, 1, 1}, new int[] {1, 1}, 1);
        h = ActivationOps.relu6(b, h);
        h = NnOps.avgPool(b, h, new int[] {1, 1}, new int[] {1, 1}, new int[] {0, 0, 0, 0}, true, false);
        h = TensorOps.reshape(b, h, 1, 256);
        h = ActivationOps.softmax(b, lin(b, h, 5, 256, 10), 1);
        finish(b, Map.of(h, "var_68"));
        assertSameStructure(roundTrip(p), "small_cnn.mlmodel");
    }

    @Test
    void mlp() throws Exception {
        Program p = new Program();
        Builder b = start(p, TestPrograms.registry(), "input0", new long[] {4, 20});
        Var t = MathOps.tanh(b, lin(b, b.function().inputs().get(0), 1, 20, 64));
        Var s = ActivationOps.sigmoid(b, lin(b, t, 3, 64, 64));
        Var y = MathOps.log(b, ActivationOps.softmax(b, lin(b, MathOps.mul(b, s, t), 5, 64, 5), -1));
        finish(b, Map.of(y, "var_19"));
        assertSameStructure(roundTrip(p), "mlp.mlmodel");
    }

    @Test
    void attentionBlock() throws Exception {
        Program p = new Program();
        Builder b = start(p, TestPrograms.registry(), "input0", new long[] {2, 6, 32});
        Var x = b.function().inputs().get(0);
        Var n1 = NnOps.layerNorm(b, x, new int[] {2}, Optional.of(b.constant(weights(1, 32))),
                Optional.of(b.constant(weights(2, 32))), 1e-5);
        List<Var> qkv = TensorOps.split(b, lin(b, n1, 3, 32, 96), 3, -1);
        Var q = TensorOps.reshape(b, qkv.get(0), 2, 6, 4, 8);
        Var k = TensorOps.reshape(b, qkv.get(1), 2, 6, 4, 8);
        Var v = TensorOps.reshape(b, qkv.get(2), 2, 6, 4, 8);
        Var kt = TensorOps.transpose(b, k, 0, 2, 3, 1);
        Var qt = TensorOps.transpose(b, q, 0, 2, 1, 3);
        Var scores = MathOps.mul(b, NnOps.matmul(b, qt, kt, false, false),
                b.constant(TensorValue.ofFloats(Shape.of(1), 0.35355339f)));
        Var att = ActivationOps.softmax(b, scores, -1);
        Var vt = TensorOps.transpose(b, v, 0, 2, 1, 3);
        Var ctx = TensorOps.transpose(b, NnOps.matmul(b, att, vt, false, false), 0, 2, 1, 3);
        Var proj = lin(b, TensorOps.reshape(b, ctx, 2, 6, 32), 5, 32, 32);
        Var res = MathOps.add(b, x, proj);
        Var n2 = NnOps.layerNorm(b, res, new int[] {2}, Optional.of(b.constant(weights(7, 32))),
                Optional.of(b.constant(weights(8, 32))), 1e-5);
        Var mlp = lin(b, ActivationOps.gelu(b, lin(b, n2, 9, 32, 128), "EXACT"), 11, 128, 32);
        finish(b, Map.of(MathOps.add(b, res, mlp), "var_92"));
        assertSameStructure(roundTrip(p), "attention_block.mlmodel");
    }

    @Test
    void elementwiseZoo() throws Exception {
        Program p = new Program();
        Builder b = start(p, TestPrograms.registry(), "input0", new long[] {2, 3, 8}, "input1", new long[] {2, 3, 8});
        Var in0 = b.function().inputs().get(0);
        Var in1 = b.function().inputs().get(1);
        Var v16 = MathOps.mul(b, MathOps.add(b, in0, in1), c(b, 0.5f));
        Var v20 = MathOps.realDiv(b, in0, MathOps.add(b, MathOps.abs(b, in1), c(b, 1f)));
        Var x1 = MathOps.sub(b, v16, v20);
        Var x0 = MathOps.pow(b, MathOps.clip(b, x1, -2, 2), c(b, 2f));
        Var v29 = MathOps.add(b, MathOps.sqrt(b, MathOps.add(b, x0, c(b, 1e-3f))),
                MathOps.exp(b, MathOps.mul(b, x0, c(b, -1f))));
        Var y = MathOps.add(b, v29, MathOps.log(b, MathOps.add(b, x0, c(b, 1f))));
        Var z = TensorOps.concat(b, List.of(y, MathOps.maximum(b, in0, in1)), 1);
        Var t = TensorOps.transpose(b, z, 0, 2, 1);
        Var s = b.op("slice_by_index").input("x", t).input("begin", TensorValue.vector(0, 1, 0))
                .input("end", TensorValue.vector(0, 5, 0))
                .input("end_mask", TensorValue.ofBools(Shape.of(3), true, false, true)).output();
        Map<Var, String> o = new LinkedHashMap<>();
        o.put(ReductionOps.reduceMean(b, s, new int[] {1}, true), "var_43");
        o.put(ReductionOps.reduceSum(b, s, new int[] {-1}, false), "var_45");
        finish(b, o);
        assertSameStructure(roundTrip(p), "elementwise_zoo.mlmodel");
    }

    /**
     * Branch and loop layers carry nested networks with their own weights: streamed, they are written whole, fp16
     * weights inside them included.
     */
    @Test
    void controlFlowWithWeightsInsideStreamsWhole() throws Exception {
        Program p = new Program();
        Builder b = start(p, TestPrograms.registry(), "x", new long[] {4, 8});
        Var x = b.function().inputs().get(0);
        Var pred = MathOps.greater(b, ReductionOps.reduceSum(b, x, new int[] {0, 1}, false), c(b, 0f));
        Var chosen = dev.mil4j.ops.ControlFlowOps.cond(b, pred,
                (inner, args) -> List.of(MathOps.add(inner, x, inner.constant(weights(7, 4, 8)))),
                (inner, args) -> List.of(MathOps.mul(inner, x, inner.constant(weights(8, 4, 8))))).get(0);
        Var looped = dev.mil4j.ops.ControlFlowOps.whileLoop(b, List.of(chosen, b.constant(TensorValue.scalar(0))),
                (inner, args) -> List.of(MathOps.less(inner, args.get(1), inner.constant(TensorValue.scalar(3)))),
                (inner, args) -> List.of(MathOps.add(inner, args.get(0), inner.constant(weights(9, 4, 8))),
                        MathOps.add(inner, args.get(1), inner.constant(TensorValue.scalar(1))))).get(0);
        finish(b, Map.of(ActivationOps.relu(b, looped), "y"));
        Model m = roundTrip(p);
        List<String> kinds = kinds(m);
        assertThat(kinds).contains("BRANCH", "LOOP");
        NeuralNetworkLayer branch = m.getNeuralNetwork().getLayersList().stream()
                .filter(l -> l.getLayerCase() == NeuralNetworkLayer.LayerCase.BRANCH).findFirst().orElseThrow();
        assertThat(branch.getBranch().getIfBranch().getLayersList()).anySatisfy(l -> assertThat(l.getLoadConstantND()
                .getData().getFloatValueCount()).isEqualTo(32));
        NeuralNetworkLayer halfBranch = ModelFiles.readModel(dir.resolve("model_fp16.mlmodel")).getNeuralNetwork()
                .getLayersList().stream().filter(l -> l.getLayerCase() == NeuralNetworkLayer.LayerCase.BRANCH)
                .findFirst().orElseThrow();
        assertThat(halfBranch.getBranch().getIfBranch().getLayersList()).anySatisfy(l -> assertThat(
                l.getLoadConstantND().getData().getFloat16Value().size()).isEqualTo(64));
    }

    /** coremltools' seed-workflow custom op: {@code custom_topk(x, k, axis, sorted)} with two outputs. */
    static final class CustomTopKOp extends dev.mil4j.core.op.OpDef {
        CustomTopKOp() {
            super("custom_topk", dev.mil4j.core.op.Opset.IOS15, dev.mil4j.core.op.InputSpec.builder()
                    .tensor("x", DType.FP32)
                    .scalar("k", DType.INT32).constant()
                    .scalar("axis", DType.INT32).constant()
                    .scalar("sorted", DType.BOOL).constant()
                    .build());
        }

        @Override
        public List<dev.mil4j.core.types.ValueType> inferTypes(dev.mil4j.core.op.InferenceContext ctx) {
            TensorType x = ctx.tensor("x");
            Shape s = x.shape().withDim(x.rank() - 1, dev.mil4j.core.types.Dim.of(ctx.constLong("k")));
            return List.of(x.withShape(s), TensorType.of(DType.INT32, s.dims().toArray(new dev.mil4j.core.types.Dim[0])));
        }

        @Override
        public Optional<Binding> binding() {
            return Optional.of(new Binding("CustomTopK", List.of("x"), List.of("k", "axis", "sorted"),
                    "Top K Custom layer"));
        }
    }
}
