package dev.mil4j.interpreter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.core.pass.Pass;
import dev.mil4j.core.pass.PassContext;
import dev.mil4j.core.pass.PassManager;
import dev.mil4j.core.pass.common.CorePasses;
import dev.mil4j.core.testing.RandomPrograms;
import dev.mil4j.core.testing.TestOps;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.interpreter.kernels.StandardKernels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every op-agnostic pass, and the cleanup pipeline, leaves the outputs of random programs unchanged: each program
 * (mil-core's {@link RandomPrograms} over its {@link TestOps}) runs in the interpreter before and after the pass on
 * the same random inputs. The test ops' {@code topk} gets a kernel here; add, mul, relu and cond use the standard
 * kernels.
 */
class PassesPreserveOutputsTest {
    private static final OpRegistry OPS = TestOps.registry();
    private static final Interpreter INTERPRETER = new Interpreter(kernels());

    private static KernelRegistry kernels() {
        KernelRegistry r = StandardKernels.newRegistry();
        r.register("topk", PassesPreserveOutputsTest::topk, "test-ops", true);
        return r;
    }

    /** The test ops' {@code topk(x, k, axis)}: the k largest along axis, descending, with int32 indices. */
    private static List<TensorValue> topk(KernelContext ctx) {
        TensorValue x = ctx.input("x");
        long[] shape = x.shape().toLongArray();
        int axis = x.shape().normalizeAxis(ctx.constLong("axis"));
        int k = (int) ctx.constLong("k");
        int n = (int) shape[axis];
        int innerSize = 1;
        for (int i = axis + 1; i < shape.length; i++) {
            innerSize *= (int) shape[i];
        }
        final int inner = innerSize;
        int outer = (int) x.elementCount() / (n * inner);
        float[] v = x.toFloatArray();
        float[] values = new float[outer * k * inner];
        int[] indices = new int[values.length];
        for (int o = 0; o < outer; o++) {
            for (int in = 0; in < inner; in++) {
                Integer[] order = new Integer[n];
                for (int j = 0; j < n; j++) {
                    order[j] = j;
                }
                int base = o * n * inner + in;
                Arrays.sort(order, (a, b) -> Float.compare(v[base + b * inner], v[base + a * inner]));
                for (int j = 0; j < k; j++) {
                    values[(o * k + j) * inner + in] = v[base + order[j] * inner];
                    indices[(o * k + j) * inner + in] = order[j];
                }
            }
        }
        Shape out = x.shape().withDim(axis, Dim.of(k));
        return List.of(TensorValue.ofFloats(out, values), TensorValue.ofInts(out, indices));
    }

    private static Map<String, TensorValue> inputs(Program p, long seed) {
        Random r = new Random(seed);
        Map<String, TensorValue> in = new LinkedHashMap<>();
        for (Var v : p.main().inputs()) {
            TensorType t = v.tensorType();
            if (t.dtype() == DType.BOOL) {
                in.put(v.name(), TensorValue.scalar(r.nextBoolean()));
                continue;
            }
            List<Dim> dims = new ArrayList<>();
            for (Dim d : t.shape().dims()) {
                dims.add(d.isKnown() ? d : Dim.of(2));
            }
            Shape s = Shape.of(dims);
            float[] values = new float[(int) s.elementCount().orElseThrow()];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) r.nextGaussian();
            }
            in.put(v.name(), TensorValue.ofFloats(s, values));
        }
        return in;
    }

    private static List<TensorValue> run(Program p, Map<String, TensorValue> inputs) {
        return new ArrayList<>(INTERPRETER.run(p, inputs).values());
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233})
    void everyCorePassKeepsTheOutputs(long seed) {
        Map<String, TensorValue> in = inputs(RandomPrograms.generate(seed, OPS), seed);
        List<TensorValue> reference = run(RandomPrograms.generate(seed, OPS), in);
        for (Pass pass : CorePasses.passes()) {
            Program p = RandomPrograms.generate(seed, OPS);
            pass.run(p, PassContext.withDefaults(OPS));
            // a pass may rename inputs (sanitize_names); feed them by position
            Map<String, TensorValue> renamed = new LinkedHashMap<>();
            List<TensorValue> values = new ArrayList<>(in.values());
            for (int i = 0; i < values.size(); i++) {
                renamed.put(p.main().inputs().get(i).name(), values.get(i));
            }
            assertThat(run(p, renamed)).as("outputs after %s on seed %d", pass.id(), seed)
                    .containsExactlyElementsOf(reference);
        }
        Program p = RandomPrograms.generate(seed, OPS);
        PassManager.of(CorePasses.newRegistry(), OPS).verifyingEachPass(true)
                .run(p, CorePasses.newRegistry().pipeline(CorePasses.CLEANUP));
        Map<String, TensorValue> renamed = new LinkedHashMap<>();
        List<TensorValue> values = new ArrayList<>(in.values());
        for (int i = 0; i < values.size(); i++) {
            renamed.put(p.main().inputs().get(i).name(), values.get(i));
        }
        assertThat(run(p, renamed)).as("outputs after the cleanup pipeline on seed %d", seed)
                .containsExactlyElementsOf(reference);
    }
}
