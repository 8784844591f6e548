package dev.mil4j.ops.passes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.core.pass.PassContext;
import dev.mil4j.core.text.MilParser;
import dev.mil4j.core.text.MilPrinter;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.value.TensorValue;
import java.util.ArrayList;
import java.util.List;
import dev.mil4j.ops.StandardOps;
import org.junit.jupiter.api.Test;

/** add_fp16_cast converts an op's fp32 constants once, and keeps in fp32 an op with one beyond fp16's range. */
class AddFp16CastRangeTest {
    private static final OpRegistry OPS = StandardOps.newRegistry();

    private static String convert(String constants) {
        var program = MilParser.parse("""
                program(version: 1)
                func main<iOS15>(%x: fp32[3]) {
                  %c: fp32[3] = const() {val = fp32[3] [CONSTANTS]}
                  %y: fp32[3] = mul(x = %x, y = %c)
                } -> (%y)
                """.replace("CONSTANTS", constants), OPS);
        new AddFp16CastPass().run(program, PassContext.withDefaults(OPS));
        return MilPrinter.print(program);
    }

    @Test
    void convertsConstantsWithinRangeToFp16Constants() {
        String out = convert("1.5, -65504.0, inf");
        assertThat(out).contains("%c_fp16: fp16[3] = const()").contains("fp16[3] = mul(");
    }

    @Test
    void keepsAnOpWithAFiniteConstantBeyondFp16sRangeInFp32() {
        String out = convert("1.5, 65505.0, 2.0");
        assertThat(out).doesNotContain("fp16[3] = mul(").contains("%y: fp32[3] = mul(x = %x, y = %c)");
    }

    /** F.normalize's clamp_min(norm, 1e-12): in fp16 the bound would be 0, and a zero vector's 0 / 0 gives NaN. */
    @Test
    void keepsATinyScalarConstantNonZeroAsFp16sSmallestSubnormal() {
        var program = MilParser.parse("""
                program(version: 1)
                func main<iOS15>(%x: fp32[3]) {
                  %eps: fp32[] = const() {val = fp32[] [1e-12]}
                  %neg: fp32[] = const() {val = fp32[] [-1e-12]}
                  %y: fp32[3] = maximum(x = %x, y = %eps)
                  %z: fp32[3] = minimum(x = %y, y = %neg)
                } -> (%z)
                """, OPS);
        new AddFp16CastPass().run(program, PassContext.withDefaults(OPS));
        List<TensorValue> consts = new ArrayList<>();
        for (var op : program.main().body().operations()) {
            if (op.type().equals("const") && op.outputs().get(0).tensorType().dtype() == DType.FP16) {
                consts.add(op.outputs().get(0).value().orElseThrow());
            }
        }
        assertThat(consts).hasSize(2);
        assertThat(MilPrinter.print(program)).contains("fp16[3] = maximum(").contains("fp16[3] = minimum(");
        assertThat(consts.get(0).scalarDouble()).isEqualTo(Math.scalb(1.0, -24));
        assertThat(consts.get(1).scalarDouble()).isEqualTo(-Math.scalb(1.0, -24));
    }

    /**
     * RAFT's sampling: a grid of pixel positions plus a predicted flow. fp16 holds 200.3 as 200.25, a twentieth of a
     * pixel off, and each refinement step feeds the next: the position arithmetic and the sampler's coordinates stay
     * fp32, while the op predicting the flow and the sampled image run in fp16.
     */
    @Test
    void keepsTheArithmeticOfResamplingPositionsInFp32() {
        var program = MilParser.parse("""
                program(version: 1)
                func main<iOS15>(%img: fp32[1, 1, 2, 300], %flow: fp32[1, 1, 2, 2]) {
                  %grid: fp32[1, 1, 2, 2] = const() {val = fp32[1, 1, 2, 2] [200.3, 0.0, 250.7, 1.0]}
                  %f: fp32[1, 1, 2, 2] = relu(x = %flow)
                  %half: fp32[] = const() {val = fp32[] [0.5]}
                  %s: fp32[1, 1, 2, 2] = mul(x = %f, y = %half)
                  %c: fp32[1, 1, 2, 2] = add(x = %grid, y = %s)
                  %g: fp32[1, 1, 2, 300] = sigmoid(x = %img)
                  %mode: string[] = const() {val = string[] ["bilinear"]}
                  %pad: string[] = const() {val = string[] ["border"]}
                  %zero: fp32[] = const() {val = fp32[] [0.0]}
                  %unit: string[] = const() {val = string[] ["unnormalized"]}
                  %corners: bool[] = const() {val = bool[] [false]}
                  %y: fp32[1, 1, 1, 2] = resample(x = %g, coordinates = %c, sampling_mode = %mode, \
                padding_mode = %pad, padding_value = %zero, coordinates_mode = %unit, align_corners = %corners)
                } -> (%y)
                """.replace("\\\n", ""), OPS);
        new AddFp16CastPass().run(program, PassContext.withDefaults(OPS));
        String out = MilPrinter.print(program);
        assertThat(out).contains("%c: fp32[1, 1, 2, 2] = add(x = %grid").contains("fp32[1, 1, 2, 2] = mul(")
                .contains("fp16[1, 1, 2, 2] = relu(").contains("fp16[1, 1, 2, 300] = sigmoid(")
                .containsPattern("fp16\\[1, 1, 1, 2\\] = resample\\(x = %g_fp16, coordinates = %c,")
                .doesNotContain("%grid_fp16");
    }
}
