package dev.mil4j.ops.passes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Function;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.ir.Verifier;
import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.pass.Pass;
import dev.mil4j.core.pass.PassManager;
import dev.mil4j.core.pass.PassRegistry;
import dev.mil4j.core.pass.PassReport;
import dev.mil4j.core.pass.common.CorePasses;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.ops.StandardOps;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The default pipelines on whole models, verified after every pass; the registration and listing. */
class DefaultPipelineTest {
    private static final OpRegistry OPS = StandardOps.newRegistry();
    private final PassRegistry passes = OpPasses.newRegistry();
    private final Random random = new Random(7);

    @Test
    void passesAreSortedNamespacedAndRegistered() {
        List<String> ids = OpPasses.passes().stream().map(Pass::id).toList();
        assertThat(ids).isSorted().doesNotHaveDuplicates().allMatch(id -> id.startsWith("common::"));
        assertThat(ids).containsExactly("common::add_fp16_cast", "common::cast_optimization",
                "common::divide_to_multiply", "common::fuse_conv_batchnorm", "common::fuse_conv_bias",
                "common::fuse_conv_scale", "common::fuse_gelu_exact", "common::fuse_gelu_tanh_approximation",
                "common::fuse_layernorm_or_instancenorm", "common::fuse_linear_bias",
                "common::fuse_matmul_weight_bias", "common::fuse_scaled_dot_product_attention",
                "common::merge_consecutive_relus",
                "common::merge_consecutive_reshapes", "common::merge_consecutive_transposes",
                "common::noop_elimination", "common::remove_symbolic_reshape");
        assertThat(passes.passIds()).containsAll(ids);
        assertThat(passes.pipelineNames()).contains(OpPasses.DEFAULT, OpPasses.DEFAULT_FP16, CorePasses.CLEANUP);
        passes.validate(passes.pipeline(OpPasses.DEFAULT));
        passes.validate(passes.pipeline(OpPasses.DEFAULT_FP16));
        for (Pass p : OpPasses.passes()) {
            assertThat(p.summary()).isNotBlank();
        }
    }

    @Test
    void defaultPipelineStartsAndEndsWithCleanupAndRunsEveryFusion() {
        List<String> order = OpPasses.defaultPipeline().passIds();
        List<String> cleanup = CorePasses.cleanupPipeline().passIds();
        assertThat(order.subList(0, cleanup.size())).isEqualTo(cleanup);
        assertThat(order.subList(order.size() - cleanup.size(), order.size())).isEqualTo(cleanup);
        for (Pass p : OpPasses.passes()) {
            if (!p.id().equals(AddFp16CastPass.ID)) {
                assertThat(order).as(p.id()).contains(p.id());
            }
        }
        assertThat(order.indexOf(FuseMatmulWeightBiasPass.ID)).isLessThan(order.indexOf(FuseLinearBiasPass.ID));
        assertThat(order.indexOf(FuseConvBatchnormPass.ID)).isLessThan(order.indexOf(FuseConvScalePass.ID));
        assertThat(order.indexOf(DivideToMultiplyPass.ID)).isLessThan(order.indexOf(FuseConvScalePass.ID));
    }

    @Test
    void convBatchnormReluLinear() {
        Program p = new Program();
        Function f = p.addFunction("main", Opset.IOS15, Map.of("image", TensorType.of(DType.FP32, 1, 3, 8, 8)));
        Builder b = Builder.atEnd(f.body(), OPS);
        Var x = f.inputs().get(0);
        Var c = b.op("conv").input("x", x).input("weight", weights(8, 3, 3, 3)).output();
        Var bn = b.op("batch_norm").input("x", c).input("mean", weights(8)).input("variance", positive(8))
                .input("gamma", weights(8)).input("beta", weights(8)).output();
        Var scaled = b.op("real_div").input("x", bn).input("y", TensorValue.scalar(2f)).output();
        Var shifted = b.op("add").input("x", scaled).input("y", weights(8, 1, 1)).output();
        Var r = b.op("relu").input("x", shifted).output();
        Var r2 = b.op("relu").input("x", r).output();
        Var pooled = b.op("reduce_mean").input("x", r2).input("axes", TensorValue.vector(2, 3)).output();
        Var flat = b.op("reshape").input("x", pooled).input("shape", TensorValue.vector(1, 8)).output();
        Var same = b.op("reshape").input("x", flat).input("shape", TensorValue.vector(1, 8)).output();
        Var m = b.op("matmul").input("x", same).input("y", weights(8, 4)).output();
        Var logits = b.op("add").input("x", m).input("y", weights(4)).name("logits").output();
        f.setOutputs(List.of(logits));

        run(p, OpPasses.DEFAULT);
        // the reshape to [1, 8] was a no-op
        assertThat(types(f)).containsExactly("conv", "relu", "reduce_mean", "linear");
        assertThat(f.outputs().get(0).name()).isEqualTo("logits");
        assertThat(f.outputs().get(0).type()).isEqualTo(TensorType.of(DType.FP32, 1, 4));
    }

    @Test
    void transformerBlock() {
        Program p = transformerBlock(Opset.IOS15);
        run(p, OpPasses.DEFAULT);
        Function f = p.main();
        assertThat(types(f)).containsExactly("layer_norm", "linear", "reshape", "transpose", "linear", "reshape",
                "transpose", "linear", "reshape", "transpose", "matmul", "mul", "softmax", "matmul", "transpose",
                "reshape", "linear", "add",
                "layer_norm", "linear", "gelu", "linear", "gelu", "add");
        assertThat(f.outputs().stream().map(Var::name).toList()).containsExactly("block_out");
        assertThat(f.inputs().get(0).name()).isEqualTo("tokens");
    }

    @Test
    void transformerBlockInFp16KeepsItsInterfaceAndListedOpsInFp32() {
        Program p = transformerBlock(Opset.IOS16);
        PassManager.of(passes, OPS).verifyingEachPass(true).run(p, passes.pipeline(OpPasses.DEFAULT_FP16)
                .withOption(AddFp16CastPass.ID, "fp32_ops", "softmax"));
        Function f = p.main();
        assertThat(f.inputs().get(0).type()).isEqualTo(new TensorType(DType.FP32,
                Shape.of(Dim.symbol("B"), Dim.of(4), Dim.of(8))));
        assertThat(f.outputs().get(0).tensorType().dtype()).isEqualTo(DType.FP32);
        assertThat(f.outputs().get(0).name()).isEqualTo("block_out");
        for (Operation op : f.body().operations()) {
            if (op.type().equals("softmax")) {
                assertThat(op.output().tensorType().dtype()).isEqualTo(DType.FP32);
            } else if (op.type().equals("linear") || op.type().equals("layer_norm") || op.type().equals("gelu")) {
                assertThat(op.output().tensorType().dtype()).as(op.toString()).isEqualTo(DType.FP16);
            }
        }
        // one cast at the entry, one back at the exit, two around the fp32 softmax
        assertThat(types(f).stream().filter(t -> t.equals("cast")).count()).isEqualTo(4);
    }

    /** A pre-norm transformer block as a frontend expands it: hand-written layer norms, matmul + add, erf GELU. */
    private Program transformerBlock(Opset opset) {
        Program p = new Program();
        Map<String, dev.mil4j.core.types.ValueType> in = new LinkedHashMap<>();
        in.put("tokens", new TensorType(DType.FP32, Shape.of(Dim.symbol("B"), Dim.of(4), Dim.of(8))));
        Function f = p.addFunction("main", opset, in);
        Builder b = Builder.atEnd(f.body(), OPS);
        Var x = f.inputs().get(0);
        Var h = layerNorm(b, x);
        Var q = heads(b, dense(b, h, 8, 8));
        Var k = heads(b, dense(b, h, 8, 8));
        Var v = heads(b, dense(b, h, 8, 8));
        Var scores = b.op("matmul").input("x", q).input("y", k).input("transpose_y", TensorValue.scalar(true))
                .output();
        Var scaled = b.op("real_div").input("x", scores).input("y", TensorValue.scalar(2f)).output();
        Var attn = b.op("softmax").input("x", scaled).input("axis", TensorValue.scalar(-1)).output();
        Var ctx = b.op("matmul").input("x", attn).input("y", v).output();
        Var merged = b.op("transpose").input("x", ctx).input("perm", TensorValue.vector(0, 2, 1, 3)).output();
        Var flat = b.op("reshape").input("x", merged).input("shape", TensorValue.vector(-1, 4, 8)).output();
        Var proj = dense(b, flat, 8, 8);
        Var res = b.op("add").input("x", x).input("y", proj).output();
        Var h2 = layerNorm(b, res);
        Var up = geluExact(b, dense(b, h2, 8, 16));
        Var down = dense(b, up, 16, 8);
        Var extra = b.op("identity").input("x", geluExact(b, down)).output();
        Var out = b.op("add").input("x", res).input("y", extra).name("block_out").output();
        f.setOutputs(List.of(out));
        return p;
    }

    private Var dense(Builder b, Var x, int in, int out) {
        Var m = b.op("matmul").input("x", x).input("y", weights(in, out)).output();
        return b.op("add").input("x", m).input("y", weights(out)).output();
    }

    private Var heads(Builder b, Var x) {
        Var r = b.op("reshape").input("x", x).input("shape", TensorValue.vector(-1, 4, 2, 4)).output();
        return b.op("transpose").input("x", r).input("perm", TensorValue.vector(0, 2, 1, 3)).output();
    }

    private Var layerNorm(Builder b, Var x) {
        TensorValue axes = TensorValue.vector(-1);
        Var mean = b.op("reduce_mean").input("x", x).input("axes", axes).input("keep_dims", TensorValue.scalar(true))
                .output();
        Var d = b.op("sub").input("x", x).input("y", mean).output();
        Var sq = b.op("mul").input("x", d).input("y", d).output();
        Var var = b.op("reduce_mean").input("x", sq).input("axes", axes).input("keep_dims", TensorValue.scalar(true))
                .output();
        Var ve = b.op("add").input("x", var).input("y", TensorValue.scalar(1e-5f)).output();
        Var sd = b.op("sqrt").input("x", ve).output();
        Var n = b.op("real_div").input("x", d).input("y", sd).output();
        Var g = b.op("mul").input("x", n).input("y", weights(8)).output();
        return b.op("add").input("x", g).input("y", weights(8)).output();
    }

    private Var geluExact(Builder b, Var x) {
        Var d = b.op("real_div").input("x", x).input("y", TensorValue.scalar((float) Math.sqrt(2))).output();
        Var e = b.op("erf").input("x", d).output();
        Var p = b.op("add").input("x", e).input("y", TensorValue.scalar(1f)).output();
        Var h = b.op("mul").input("x", x).input("y", TensorValue.scalar(0.5f)).output();
        return b.op("mul").input("x", h).input("y", p).output();
    }

    private TensorValue weights(long... shape) {
        Shape s = Shape.of(shape);
        double[] v = new double[(int) s.elementCount().orElseThrow()];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextGaussian();
        }
        return TensorValue.fromDoubles(DType.FP32, s, v);
    }

    private TensorValue positive(long... shape) {
        double[] v = weights(shape).toDoubleArray();
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.abs(v[i]) + 0.1;
        }
        return TensorValue.fromDoubles(DType.FP32, Shape.of(shape), v);
    }

    private PassReport run(Program p, String pipeline) {
        PassReport report = PassManager.of(passes, OPS).verifyingEachPass(true).run(p, passes.pipeline(pipeline));
        assertThat(Verifier.verify(p)).isEmpty();
        return report;
    }

    private static List<String> types(Function f) {
        List<String> out = new ArrayList<>();
        for (Operation op : f.body().operations()) {
            if (!op.type().equals("const")) {
                out.add(op.type());
            }
        }
        return out;
    }
}
