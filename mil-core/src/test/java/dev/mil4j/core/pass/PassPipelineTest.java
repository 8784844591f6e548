package dev.mil4j.core.pass;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.core.pass.common.ConstDeduplicationPass;
import dev.mil4j.core.pass.common.CorePasses;
import dev.mil4j.core.pass.common.DeadCodeEliminationPass;
import dev.mil4j.core.pass.common.SanitizeNamesPass;
import dev.mil4j.core.testing.RandomPrograms;
import dev.mil4j.core.testing.TestOps;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.TensorType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PassPipelineTest {
    private final OpRegistry ops = TestOps.registry();
    private final PassRegistry passes = CorePasses.newRegistry();

    @Test
    void pipelinesAreEditedImmutably() {
        PassPipeline cleanup = passes.pipeline(CorePasses.CLEANUP);
        PassPipeline edited = cleanup.remove(SanitizeNamesPass.ID)
                .insertBefore(ConstDeduplicationPass.ID, SanitizeNamesPass.ID)
                .withOption(ConstDeduplicationPass.ID, "min_elements", "10");
        assertThat(cleanup.passIds()).endsWith(SanitizeNamesPass.ID);
        assertThat(edited.passIds()).containsSubsequence(SanitizeNamesPass.ID, ConstDeduplicationPass.ID);
        assertThat(edited.steps()).filteredOn(s -> s.passId().equals(ConstDeduplicationPass.ID))
                .singleElement().extracting(PassPipeline.Step::options).isEqualTo(java.util.Map.of("min_elements",
                        "10"));
        passes.validate(edited);
    }

    @Test
    void unknownPassesAndOptionsListTheKnownOnes() {
        PassPipeline p = passes.pipeline(CorePasses.CLEANUP);
        assertThatThrownBy(() -> p.remove("common::nope"))
                .hasMessageStartingWith("pipeline 'cleanup' has no pass 'common::nope'; its passes are: "
                        + "common::const_elimination, common::dead_code_elimination");
        assertThatThrownBy(() -> passes.validate(p.append("common::nope")))
                .hasMessageStartingWith("unknown pass 'common::nope' in pipeline 'cleanup'; known passes: "
                        + "common::common_subexpression_elimination, common::const_deduplication");
        assertThatThrownBy(() -> passes.validate(p.withOption(ConstDeduplicationPass.ID, "size", "1")))
                .hasMessage("pass 'common::const_deduplication' has no option 'size'; its options: min_elements");
        assertThatThrownBy(() -> passes.validate(p.withOption(ConstDeduplicationPass.ID, "min_elements", "many")))
                .hasMessage("option 'min_elements' takes a long, got 'many'");
        assertThatThrownBy(() -> passes.pipeline("fast"))
                .hasMessage("unknown pipeline 'fast'; known pipelines: cleanup, empty");
    }

    @Test
    void managerTimesReportsProgressAndNamesThePassThatBreaksTheProgram() {
        passes.register(new Pass() {
            @Override
            public String id() {
                return "test::break_types";
            }

            @Override
            public String summary() {
                return "changes an output type without changing the op";
            }

            @Override
            public void run(Program program, PassContext context) {
                Var v = program.main().body().lastOperation().orElseThrow().outputs().get(0);
                v.setType(TensorType.of(DType.FP16, 7));
            }
        }, "test");
        Program p = RandomPrograms.generate(3, ops);
        List<String> events = new ArrayList<>();
        PassListener listener = new PassListener() {
            @Override
            public void passStarted(String passId, int index, int total) {
                events.add("start " + passId + " " + index + "/" + total);
            }

            @Override
            public void passFinished(PassResult result, int index, int total) {
                events.add("end " + result.passId());
            }
        };
        PassManager pm = PassManager.of(passes, ops).verifyingEachPass(true).withListener(listener);
        PassReport report = pm.run(p, PassPipeline.of("mine", DeadCodeEliminationPass.ID));
        assertThat(report.results()).singleElement().extracting(PassResult::passId)
                .isEqualTo(DeadCodeEliminationPass.ID);
        assertThat(report.render()).contains("pipeline mine: 1 passes").contains("ops_removed=");
        assertThat(events).containsExactly("start common::dead_code_elimination 0/1",
                "end common::dead_code_elimination");

        assertThatThrownBy(() -> pm.run(p, PassPipeline.of("broken", "test::break_types")))
                .isInstanceOf(ConversionException.class)
                .hasMessageContaining("error: pass `test::break_types` left an invalid program")
                .hasMessageContaining("hint: remove it from the pipeline (--pipeline-remove test::break_types)")
                .hasMessageContaining("outputs have types [fp16[7]], but its inputs give");
    }
}
