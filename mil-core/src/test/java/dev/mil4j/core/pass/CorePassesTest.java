package dev.mil4j.core.pass;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.ir.Block;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Function;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.ir.Verifier;
import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.pass.common.CommonSubexpressionEliminationPass;
import dev.mil4j.core.pass.common.CorePasses;
import dev.mil4j.core.pass.common.DeadCodeEliminationPass;
import dev.mil4j.core.pass.common.TopologicalReorderPass;
import dev.mil4j.core.testing.Golden;
import dev.mil4j.core.testing.RandomPrograms;
import dev.mil4j.core.testing.TestOps;
import dev.mil4j.core.text.MilParser;
import dev.mil4j.core.text.MilPrinter;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.ValueType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CorePassesTest {
    private final OpRegistry registry = TestOps.registry();
    private final PassRegistry passes = CorePasses.newRegistry();

    /** Golden before/after text for each pass that has a before file. */
    @ParameterizedTest
    @ValueSource(strings = {"dead_code_elimination", "const_elimination", "common_subexpression_elimination",
        "const_deduplication", "sanitize_names"})
    void goldenBeforeAndAfter(String name) {
        Program p = MilParser.parse(Golden.read(getClass(), "/golden/passes/" + name + ".before.mil"), registry);
        run("common::" + name, p);
        assertThat(Verifier.verify(p)).isEmpty();
        Golden.assertMatches(getClass(), "/golden/passes/" + name + ".after.mil", MilPrinter.print(p));
    }

    /**
     * A repeat found late makes an op seen earlier repeatable: {@code %r} had the only use of {@code %a} when it was
     * visited, and {@code %s} repeats it once {@code %b} has become {@code %a}.
     */
    @Test
    void commonSubexpressionsFoundThroughAnEarlierMerge() {
        Program p = MilParser.parse("""
                program(version: 1)
                func main<iOS15>(%x: fp32[2]) {
                  %a: fp32[2] = relu(x = %x)
                  %r: fp32[2] = relu(x = %a)
                  %b: fp32[2] = relu(x = %x)
                  %s: fp32[2] = relu(x = %b)
                  %out: fp32[2] = mul(x = %r, y = %s)
                } -> (%out)
                """, registry);
        run(CommonSubexpressionEliminationPass.ID, p);
        assertThat(MilPrinter.print(p)).isEqualTo("""
                program(version: 1)

                func main<iOS15>(%x: fp32[2]) {
                  %a: fp32[2] = relu(x = %x)
                  %r: fp32[2] = relu(x = %a)
                  %out: fp32[2] = mul(x = %r, y = %r)
                } -> (%out)
                """);
    }

    static Stream<String> passIds() {
        return CorePasses.passes().stream().map(Pass::id);
    }

    /** Every pass keeps random programs valid and never changes the types of their outputs. */
    @ParameterizedTest
    @MethodSource("passIds")
    void passesKeepRandomProgramsValid(String passId) {
        LongStream.range(0, 150).forEach(seed -> {
            Program p = RandomPrograms.generate(seed, registry);
            List<ValueType> before = outputTypes(p);
            run(passId, p);
            assertThat(Verifier.verify(p)).as("seed %d", seed).isEmpty();
            assertThat(outputTypes(p)).as("seed %d", seed).isEqualTo(before);
            // the text form stays readable after every pass
            assertThat(MilPrinter.print(MilParser.parse(MilPrinter.print(p), registry)))
                    .isEqualTo(MilPrinter.print(p));
        });
    }

    @Test
    void cleanupPipelineIsIdempotentOnRandomPrograms() {
        PassManager pm = PassManager.of(passes, registry).verifyingEachPass(true);
        for (long seed = 0; seed < 100; seed++) {
            Program p = RandomPrograms.generate(seed, registry);
            pm.run(p, passes.pipeline(CorePasses.CLEANUP));
            String once = MilPrinter.print(p);
            pm.run(p, passes.pipeline(CorePasses.CLEANUP));
            assertThat(MilPrinter.print(p)).as("seed %d", seed).isEqualTo(once);
        }
    }

    @Test
    void topologicalReorderRepairsAShuffledBlockAndKeepsAValidOneUnchanged() {
        for (long seed = 0; seed < 60; seed++) {
            Program p = RandomPrograms.generate(seed, registry);
            String valid = MilPrinter.print(p);
            run(TopologicalReorderPass.ID, p);
            assertThat(MilPrinter.print(p)).isEqualTo(valid);

            Block body = p.main().body();
            List<Operation> ops = new ArrayList<>(body.operationList());
            Collections.shuffle(ops, new Random(seed));
            for (Operation op : ops) {
                body.move(op, Optional.empty());
            }
            run(TopologicalReorderPass.ID, p);
            assertThat(Verifier.verify(p)).as("seed %d", seed).isEmpty();
        }
    }

    /**
     * Guards against quadratic algorithms: a 200,000-op chain with a dead twin beside every live op and a repeated
     * computation at each step; the passes must visit each op a bounded number of times.
     */
    @Test
    void deadCodeAndCseAreLinearOnALongChain() {
        int n = 100_000;
        Program p = new Program();
        Function f = p.addFunction("main", Opset.IOS15, Map.of("x", TensorType.of(DType.FP32, 4)));
        Builder b = Builder.atEnd(f.body(), registry);
        Var v = f.inputs().get(0);
        for (int i = 0; i < n; i++) {
            Var twin = b.op("relu").input("x", v).output(); // same as the next: CSE removes one
            v = b.op("relu").input("x", v).output();
            b.op("add").input("x", twin).input("y", twin).output(); // dead once CSE merged twin
        }
        f.setOutputs(List.of(v));
        assertThat(p.operationCount()).isEqualTo(3L * n);

        PassContext cse = PassContext.withDefaults(registry);
        new CommonSubexpressionEliminationPass().run(p, cse);
        // the last duplicate is the function's output, whose name must stay: it is kept
        assertThat(cse.statistics()).containsEntry("ops_removed", n - 1L).containsEntry("ops_visited", 3L * n);

        PassContext dce = PassContext.withDefaults(registry);
        new DeadCodeEliminationPass().run(p, dce);
        assertThat(dce.statistics()).containsEntry("ops_removed", n + 1L).containsEntry("ops_visited", 2L * n + 1);
        assertThat(p.operationCount()).isEqualTo(n);
        assertThat(Verifier.verify(p)).isEmpty();
    }

    private void run(String passId, Program p) {
        passes.pass(passId).orElseThrow().run(p, PassContext.withDefaults(registry));
    }

    private static List<ValueType> outputTypes(Program p) {
        return p.main().outputs().stream().map(Var::type).toList();
    }
}
