package dev.mil4j.interpreter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.core.pass.Pass;
import dev.mil4j.core.pass.PassContext;
import dev.mil4j.core.testing.TestData;
import dev.mil4j.core.text.MilParser;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.ops.StandardOps;
import dev.mil4j.ops.passes.OpPasses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every op-specific pass of mil-ops keeps the outputs of the program its golden test rewrites: mil-ops' golden
 * {@code golden/passes/<name>.before.mil} (read from the mil-ops source tree), written to exercise the pass's
 * pattern, runs in the interpreter before and after the pass on seeded random inputs (symbolic dims get sizes
 * 2, 3, ...). Tolerance: |a - e| <= 1e-4 |e| + 1e-5, and 1e-2 for {@code add_fp16_cast}, which moves work to fp16;
 * integer and bool outputs exactly. A failure names the worst element of each output.
 */
class OpPassesPreserveOutputsTest {
    private static final Path GOLDEN = TestData.repositoryRoot().resolve("mil-ops/src/test/resources/golden/passes");
    private static final OpRegistry OPS = StandardOps.newRegistry();
    private static final Interpreter INTERPRETER = Interpreter.standard();

    static Stream<Pass> passes() {
        return OpPasses.passes().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("passes")
    void thePassKeepsTheOutputsOfItsGoldenProgram(Pass pass) throws IOException {
        String name = pass.id().substring(pass.id().indexOf("::") + 2);
        Path file = GOLDEN.resolve(name + ".before.mil");
        assertThat(file).as("the golden before-program of %s in mil-ops", pass.id()).exists();
        String text = Files.readString(file);
        double tolerance = name.equals("add_fp16_cast") ? 1e-2 : 1e-4;
        double absolute = name.equals("add_fp16_cast") ? 1e-2 : 1e-5;
        for (long seed = 1; seed <= 3; seed++) {
            Program before = MilParser.parse(text, OPS);
            List<TensorValue> inputs = randomInputs(before, seed);
            List<TensorValue> expected = run(before, inputs);
            Program after = MilParser.parse(text, OPS);
            PassContext ctx = PassContext.withDefaults(OPS);
            pass.run(after, ctx);
            assertThat(ctx.statistics().values().stream().mapToLong(Long::longValue).sum())
                    .as("%s rewrote its golden program", pass.id()).isPositive();
            List<TensorValue> actual = run(after, inputs);
            assertThat(actual).hasSameSizeAs(expected);
            List<String> failures = new ArrayList<>();
            for (int j = 0; j < actual.size(); j++) {
                String problem = compare(actual.get(j), expected.get(j), tolerance, absolute);
                if (problem != null) {
                    failures.add(pass.id() + " output " + before.main().outputs().get(j).name() + " (seed " + seed
                            + "): " + problem);
                }
            }
            assertThat(failures).isEmpty();
        }
    }

    @org.junit.jupiter.api.Test
    void theComparisonNamesTheWorstElement() {
        TensorValue e = TensorValue.ofFloats(Shape.of(3), 1f, 2f, 3f);
        assertThat(compare(TensorValue.ofFloats(Shape.of(3), 1f, 2.00001f, 3f), e, 1e-4, 1e-5)).isNull();
        assertThat(compare(TensorValue.ofFloats(Shape.of(3), 1.01f, 2f, 3.1f), e, 1e-4, 1e-5))
                .startsWith("worst element 2 is 3.0999999046325684, expected 3.0");
        assertThat(compare(TensorValue.ofFloats(Shape.of(3), 1f, Float.NaN, 3f), e, 1e-2, 1e-2))
                .startsWith("worst element 1 is NaN");
        assertThat(compare(TensorValue.ofInts(Shape.of(1), 2), TensorValue.ofInts(Shape.of(1), 3), 1, 1))
                .startsWith("worst element 0");
    }

    /** Why {@code a} differs from {@code e} beyond the tolerance (naming the worst element), or null. */
    static String compare(TensorValue a, TensorValue e, double relative, double absolute) {
        if (!a.shape().equals(e.shape())) {
            return "shape " + a.shape() + ", expected " + e.shape();
        }
        boolean exact = !e.dtype().isFloat();
        double[] av = a.toDoubleArray();
        double[] ev = e.toDoubleArray();
        int worst = -1;
        double worstExcess = 0;
        for (int i = 0; i < av.length; i++) {
            if (Double.isNaN(av[i]) && Double.isNaN(ev[i]) || av[i] == ev[i]) {
                continue;
            }
            double allowed = exact ? 0 : relative * Math.abs(ev[i]) + absolute;
            double excess = Math.abs(av[i] - ev[i]) - allowed;
            if (Double.isNaN(excess) || excess > worstExcess) {
                worst = i;
                worstExcess = Double.isNaN(excess) ? Double.POSITIVE_INFINITY : excess;
            }
        }
        return worst < 0 ? null : String.format("worst element %d is %s, expected %s (error %.3g)", worst,
                av[worst], ev[worst], Math.abs(av[worst] - ev[worst]));
    }

    private static List<TensorValue> run(Program p, List<TensorValue> inputs) {
        Map<String, TensorValue> feeds = new LinkedHashMap<>();
        List<Var> ins = p.main().inputs();
        for (int i = 0; i < ins.size(); i++) {
            feeds.put(ins.get(i).name(), inputs.get(i));
        }
        return new ArrayList<>(INTERPRETER.run(p, feeds).values());
    }

    /** Gaussian floats, small non-negative integers, random bools; one size per symbol. */
    static List<TensorValue> randomInputs(Program p, long seed) {
        Random r = new Random(seed);
        Map<String, Long> symbols = new HashMap<>();
        List<TensorValue> out = new ArrayList<>();
        for (Var v : p.main().inputs()) {
            TensorType t = v.tensorType();
            List<Dim> dims = new ArrayList<>();
            for (Dim d : t.shape().dims()) {
                dims.add(d.isKnown() ? d : Dim.of(symbols.computeIfAbsent(d.toString(), s -> 2L + symbols.size())));
            }
            Shape s = Shape.of(dims);
            double[] values = new double[Math.toIntExact(s.elementCount().orElseThrow())];
            for (int i = 0; i < values.length; i++) {
                values[i] = t.dtype().isFloat() ? r.nextGaussian() : t.dtype() == DType.BOOL ? r.nextInt(2)
                        : r.nextInt(4);
            }
            out.add(TensorValue.fromDoubles(t.dtype(), s, values));
        }
        return out;
    }
}
