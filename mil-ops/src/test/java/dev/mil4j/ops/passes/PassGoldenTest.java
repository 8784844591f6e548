package dev.mil4j.ops.passes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.ir.Function;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.ir.Verifier;
import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.core.pass.Pass;
import dev.mil4j.core.pass.PassContext;
import dev.mil4j.core.text.MilParser;
import dev.mil4j.core.text.MilPrinter;
import dev.mil4j.ops.StandardOps;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden before/after MIL text for every op-specific pass ({@code golden/passes/<name>.before.mil} and
 * {@code .after.mil}). The before files are also the inputs of mil-interpreter's
 * {@code OpPassesPreserveOutputsTest}, which runs each before and after its pass and compares the outputs.
 */
class PassGoldenTest {
    static final OpRegistry REGISTRY = StandardOps.newRegistry();

    /** The name of every pass with a golden pair: the pass id without its {@code common::} namespace. */
    static Stream<String> goldenNames() {
        return OpPasses.passes().stream().map(p -> p.id().substring("common::".length()));
    }

    static Program before(String name) {
        return MilParser.parse(dev.mil4j.core.testing.Golden.read(PassGoldenTest.class, "/golden/passes/" + name + ".before.mil"), REGISTRY);
    }

    @ParameterizedTest
    @MethodSource("goldenNames")
    void goldenBeforeAndAfter(String name) {
        Program p = before(name);
        List<String> inputs = names(p.main().inputs());
        List<String> outputs = names(p.main().outputs());
        Pass pass = OpPasses.passes().stream().filter(x -> x.id().equals("common::" + name)).findFirst().orElseThrow();
        PassContext ctx = PassContext.withDefaults(REGISTRY);
        pass.run(p, ctx);
        assertThat(Verifier.verify(p)).as(name).isEmpty();
        assertThat(ctx.statistics().values().stream().mapToLong(Long::longValue).sum()).as("%s did something", name)
                .isPositive();
        for (Function f : p.functions()) {
            assertThat(names(f.inputs())).isEqualTo(inputs);
            assertThat(names(f.outputs())).isEqualTo(outputs);
        }
        String after = MilPrinter.print(p);
        dev.mil4j.core.testing.Golden.assertMatches(PassGoldenTest.class, "/golden/passes/" + name + ".after.mil", after);
        // the result reads back
        assertThat(MilPrinter.print(MilParser.parse(after, REGISTRY))).isEqualTo(after);
    }

    static List<String> names(List<Var> vars) {
        return vars.stream().map(Var::name).toList();
    }
}
