package dev.mil4j.ops.passes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Function;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.ir.Verifier;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.pass.Pass;
import dev.mil4j.core.pass.PassContext;
import dev.mil4j.core.pass.PassManager;
import dev.mil4j.core.pass.PassRegistry;
import dev.mil4j.core.text.MilParser;
import dev.mil4j.core.text.MilPrinter;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random chains of the ops the passes rewrite (neutral and non-neutral constants, reshapes, transposes, casts,
 * relus) keep valid programs with the same interface under every pass and pipeline; and the passes stay linear.
 */
class RandomizedPassesTest {
    private static final int SEEDS = 120;

    static Stream<String> passIds() {
        return OpPasses.passes().stream().map(Pass::id);
    }

    @ParameterizedTest
    @MethodSource("passIds")
    void everyPassKeepsRandomProgramsValid(String passId) {
        Pass pass = OpPasses.passes().stream().filter(p -> p.id().equals(passId)).findFirst().orElseThrow();
        for (long seed = 0; seed < SEEDS; seed++) {
            Program p = generate(seed);
            List<String> names = p.main().outputs().stream().map(Var::name).toList();
            List<ValueType> types = p.main().outputs().stream().map(Var::type).toList();
            pass.run(p, PassContext.withDefaults(PassGoldenTest.REGISTRY));
            assertThat(Verifier.verify(p)).as("seed %d", seed).isEmpty();
            assertThat(p.main().outputs().stream().map(Var::name).toList()).as("seed %d", seed).isEqualTo(names);
            assertThat(p.main().outputs().stream().map(Var::type).toList()).as("seed %d", seed).isEqualTo(types);
            String text = MilPrinter.print(p);
            assertThat(MilPrinter.print(MilParser.parse(text, PassGoldenTest.REGISTRY))).isEqualTo(text);
        }
    }

    @Test
    void pipelinesKeepRandomProgramsValid() {
        PassRegistry passes = OpPasses.newRegistry();
        PassManager pm = PassManager.of(passes, PassGoldenTest.REGISTRY).verifyingEachPass(true);
        for (long seed = 0; seed < SEEDS; seed++) {
            for (String pipeline : List.of(OpPasses.DEFAULT, OpPasses.DEFAULT_FP16)) {
                Program p = generate(seed);
                List<String> names = p.main().outputs().stream().map(Var::name).toList();
                pm.run(p, passes.pipeline(pipeline));
                assertThat(p.main().outputs().stream().map(Var::name).toList()).as("seed %d", seed)
                        .isEqualTo(names);
            }
        }
    }

    /** A long chain of patterns: each pass visits every op a bounded number of times. */
    @Test
    void passesAreLinearOnLongChains() {
        int n = 20_000;
        Program p = new Program();
        Function f = p.addFunction("main", Opset.IOS15, Map.of("x", TensorType.of(DType.FP32, 2, 4)));
        Builder b = Builder.atEnd(f.body(), PassGoldenTest.REGISTRY);
        Var v = f.inputs().get(0);
        for (int i = 0; i < n; i++) {
            v = b.op("relu").input("x", v).output();
            v = b.op("relu").input("x", v).output();
            v = b.op("reshape").input("x", v).input("shape", TensorValue.vector(4, 2)).output();
            v = b.op("reshape").input("x", v).input("shape", TensorValue.vector(2, 4)).output();
        }
        f.setOutputs(List.of(v));
        long start = System.nanoTime();
        PassContext relus = PassContext.withDefaults(PassGoldenTest.REGISTRY);
        new MergeConsecutiveRelusPass().run(p, relus);
        PassContext reshapes = PassContext.withDefaults(PassGoldenTest.REGISTRY);
        new MergeConsecutiveReshapesPass().run(p, reshapes);
        PassContext noops = PassContext.withDefaults(PassGoldenTest.REGISTRY);
        new NoopEliminationPass().run(p, noops);
        assertThat(relus.statistics()).containsEntry("patterns_matched", (long) n);
        // the relus between them keep the reshape pairs apart: one merge per pair
        assertThat(reshapes.statistics()).containsEntry("patterns_matched", (long) n);
        assertThat(Verifier.verify(p)).isEmpty();
        assertThat(System.nanoTime() - start).as("nanos").isLessThan(20_000_000_000L);
    }

    /** A random chain on fp32[2, 3, 4] or fp32[B, 3, 4] with a second output taken from its middle. */
    static Program generate(long seed) {
        Random r = new Random(seed);
        Program p = new Program();
        Dim batch = r.nextBoolean() ? Dim.of(2) : Dim.symbol("B");
        Function f = p.addFunction("main", Opset.IOS15, Map.of("x",
                new TensorType(DType.FP32, Shape.of(batch, Dim.of(3), Dim.of(4)))));
        Builder b = Builder.atEnd(f.body(), PassGoldenTest.REGISTRY);
        Var v = f.inputs().get(0);
        List<Var> all = new ArrayList<>();
        int length = 3 + r.nextInt(12);
        for (int i = 0; i < length; i++) {
            TensorType t = v.tensorType();
            String op = new String[] {"relu", "identity", "add", "mul", "sub", "real_div", "transpose", "reshape",
                "cast", "exp"}[r.nextInt(10)];
            switch (op) {
                case "add", "mul", "sub", "real_div" -> {
                    double c = new double[] {0, 1, 0.5, 2}[r.nextInt(4)];
                    Shape s = r.nextBoolean() ? Shape.scalar() : Shape.of(t.shape().dim(t.rank() - 1).size());
                    double[] vals = new double[(int) s.elementCount().orElseThrow()];
                    java.util.Arrays.fill(vals, c == 0 && op.equals("real_div") ? 1 : c);
                    Var k = b.constant(TensorValue.fromDoubles(t.dtype(), s, vals));
                    v = r.nextBoolean() || op.equals("sub") || op.equals("real_div")
                            ? b.op(op).input("x", v).input("y", k).output()
                            : b.op(op).input("x", k).input("y", v).output();
                }
                case "transpose" -> {
                    int[][] perms = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {2, 1, 0}};
                    v = b.op("transpose").input("x", v).input("perm", TensorValue.vector(perms[r.nextInt(4)]))
                            .output();
                }
                case "reshape" -> {
                    int[] shape = t.shape().dim(0).isKnown() ? new int[] {(int) t.shape().dim(0).size(),
                        (int) t.shape().dim(1).size(), (int) t.shape().dim(2).size()} : new int[] {-1,
                        (int) t.shape().dim(1).size(), (int) t.shape().dim(2).size()};
                    if (r.nextBoolean() && shape[0] > 0) {
                        int tmp = shape[1];
                        shape[1] = shape[2];
                        shape[2] = tmp;
                    }
                    v = b.op("reshape").input("x", v).input("shape", TensorValue.vector(shape)).output();
                }
                case "cast" -> v = b.op("cast").input("x", v).input("dtype",
                        TensorValue.scalar(r.nextBoolean() ? "fp16" : "fp32")).output();
                default -> v = b.op(op).input("x", v).output();
            }
            all.add(v);
        }
        Var middle = all.get(r.nextInt(all.size()));
        f.setOutputs(middle == v ? List.of(v) : List.of(v, middle));
        return p;
    }
}
