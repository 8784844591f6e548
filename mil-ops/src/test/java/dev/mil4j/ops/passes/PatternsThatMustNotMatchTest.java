package dev.mil4j.ops.passes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Verifier;
import dev.mil4j.core.pass.PassContext;
import dev.mil4j.core.text.MilParser;
import dev.mil4j.core.text.MilPrinter;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Programs each pass must leave exactly as they are: shared intermediates, non-const operands, wrong axes. */
class PatternsThatMustNotMatchTest {
    private static final String W = "  %w: fp32[2, 2, 1, 1] = const() {val = fp32[2, 2, 1, 1] [1.0, 2.0, 3.0, 4.0]}\n";
    private static final String HALF = "  %half: fp32[] = const() {val = fp32[] [0.5]}\n"
            + "  %one: fp32[] = const() {val = fp32[] [1.0]}\n";

    static Stream<Arguments> cases() {
        return Stream.of(
                // the conv has a second user: fusing would compute it twice
                Arguments.of("fuse_conv_bias", "conv output used twice", "(%x: fp32[1, 2, 3, 3])", W
                        + "  %c: fp32[1, 2, 3, 3] = conv(x = %x, weight = %w)\n"
                        + "  %k: fp32[2, 1, 1] = const() {val = fp32[2, 1, 1] [1.0, 2.0]}\n"
                        + "  %y: fp32[1, 2, 3, 3] = add(x = %c, y = %k)\n"
                        + "  %r: fp32[1, 2, 3, 3] = relu(x = %c)\n", "%y, %r"),
                Arguments.of("fuse_conv_bias", "non-const addend", "(%x: fp32[1, 2, 3, 3], %k: fp32[2, 1, 1])", W
                        + "  %c: fp32[1, 2, 3, 3] = conv(x = %x, weight = %w)\n"
                        + "  %y: fp32[1, 2, 3, 3] = add(x = %c, y = %k)\n", "%y"),
                Arguments.of("fuse_conv_bias", "addend varies along a spatial axis", "(%x: fp32[1, 2, 3, 3])", W
                        + "  %c: fp32[1, 2, 3, 3] = conv(x = %x, weight = %w)\n"
                        + "  %k: fp32[3, 1] = const() {val = fp32[3, 1] [1.0, 2.0, 3.0]}\n"
                        + "  %y: fp32[1, 2, 3, 3] = add(x = %c, y = %k)\n", "%y"),
                Arguments.of("fuse_conv_bias", "constant minus conv", "(%x: fp32[1, 2, 3, 3])", W
                        + "  %c: fp32[1, 2, 3, 3] = conv(x = %x, weight = %w)\n"
                        + "  %k: fp32[2, 1, 1] = const() {val = fp32[2, 1, 1] [1.0, 2.0]}\n"
                        + "  %y: fp32[1, 2, 3, 3] = sub(x = %k, y = %c)\n", "%y"),
                Arguments.of("fuse_conv_scale", "non-const weight", "(%x: fp32[1, 2, 3, 3], %w: fp32[2, 2, 1, 1])",
                        "  %c: fp32[1, 2, 3, 3] = conv(x = %x, weight = %w)\n"
                        + "  %k: fp32[2, 1, 1] = const() {val = fp32[2, 1, 1] [1.0, 2.0]}\n"
                        + "  %y: fp32[1, 2, 3, 3] = mul(x = %c, y = %k)\n", "%y"),
                Arguments.of("fuse_conv_scale", "constant divided by conv", "(%x: fp32[1, 2, 3, 3])", W
                        + "  %c: fp32[1, 2, 3, 3] = conv(x = %x, weight = %w)\n"
                        + "  %k: fp32[] = const() {val = fp32[] [2.0]}\n"
                        + "  %y: fp32[1, 2, 3, 3] = real_div(x = %k, y = %c)\n", "%y"),
                Arguments.of("fuse_conv_batchnorm", "conv output used twice", "(%x: fp32[1, 2, 3, 3])", W
                        + "  %c: fp32[1, 2, 3, 3] = conv(x = %x, weight = %w)\n"
                        + "  %m: fp32[2] = const() {val = fp32[2] [1.0, 2.0]}\n"
                        + "  %y: fp32[1, 2, 3, 3] = batch_norm(x = %c, mean = %m, variance = %m)\n", "%y, %c"),
                Arguments.of("fuse_linear_bias", "addend along the batch axis", "(%x: fp32[2, 2])",
                        "  %w: fp32[3, 2] = const() {val = fp32[3, 2] [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]}\n"
                        + "  %l: fp32[2, 3] = linear(x = %x, weight = %w)\n"
                        + "  %k: fp32[2, 1] = const() {val = fp32[2, 1] [1.0, 2.0]}\n"
                        + "  %y: fp32[2, 3] = add(x = %l, y = %k)\n", "%y"),
                Arguments.of("fuse_matmul_weight_bias", "non-const weight", "(%x: fp32[2, 2], %w: fp32[2, 3])",
                        "  %m: fp32[2, 3] = matmul(x = %x, y = %w)\n"
                        + "  %k: fp32[3] = const() {val = fp32[3] [1.0, 2.0, 3.0]}\n"
                        + "  %y: fp32[2, 3] = add(x = %m, y = %k)\n", "%y"),
                Arguments.of("fuse_matmul_weight_bias", "transposed x", "(%x: fp32[2, 2])",
                        "  %w: fp32[2, 3] = const() {val = fp32[2, 3] [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]}\n"
                        + "  %t: bool[] = const() {val = bool[] [true]}\n"
                        + "  %m: fp32[2, 3] = matmul(x = %x, y = %w, transpose_x = %t)\n"
                        + "  %k: fp32[3] = const() {val = fp32[3] [1.0, 2.0, 3.0]}\n"
                        + "  %y: fp32[2, 3] = add(x = %m, y = %k)\n", "%y"),
                Arguments.of("fuse_gelu_exact", "0.6 instead of 0.5", "(%x: fp32[2])", HALF
                        + "  %s: fp32[] = const() {val = fp32[] [1.4142135]}\n"
                        + "  %six: fp32[] = const() {val = fp32[] [0.6]}\n"
                        + "  %d: fp32[2] = real_div(x = %x, y = %s)\n  %e: fp32[2] = erf(x = %d)\n"
                        + "  %p: fp32[2] = add(x = %e, y = %one)\n  %h: fp32[2] = mul(x = %x, y = %six)\n"
                        + "  %y: fp32[2] = mul(x = %h, y = %p)\n", "%y"),
                Arguments.of("fuse_gelu_exact", "erf used elsewhere", "(%x: fp32[2])", HALF
                        + "  %s: fp32[] = const() {val = fp32[] [1.4142135]}\n"
                        + "  %d: fp32[2] = real_div(x = %x, y = %s)\n  %e: fp32[2] = erf(x = %d)\n"
                        + "  %p: fp32[2] = add(x = %e, y = %one)\n  %h: fp32[2] = mul(x = %x, y = %half)\n"
                        + "  %y: fp32[2] = mul(x = %h, y = %p)\n", "%y, %e"),
                Arguments.of("fuse_gelu_exact", "erf of another tensor", "(%x: fp32[2], %z: fp32[2])", HALF
                        + "  %s: fp32[] = const() {val = fp32[] [1.4142135]}\n"
                        + "  %d: fp32[2] = real_div(x = %z, y = %s)\n  %e: fp32[2] = erf(x = %d)\n"
                        + "  %p: fp32[2] = add(x = %e, y = %one)\n  %h: fp32[2] = mul(x = %x, y = %half)\n"
                        + "  %y: fp32[2] = mul(x = %h, y = %p)\n", "%y"),
                Arguments.of("fuse_gelu_tanh_approximation", "x squared, not cubed", "(%x: fp32[2])", HALF
                        + "  %two: fp32[] = const() {val = fp32[] [2.0]}\n"
                        + "  %k: fp32[] = const() {val = fp32[] [0.044715]}\n"
                        + "  %s: fp32[] = const() {val = fp32[] [0.7978846]}\n"
                        + "  %c: fp32[2] = pow(x = %x, y = %two)\n  %w: fp32[2] = mul(x = %c, y = %k)\n"
                        + "  %v: fp32[2] = add(x = %x, y = %w)\n  %u: fp32[2] = mul(x = %v, y = %s)\n"
                        + "  %t: fp32[2] = tanh(x = %u)\n  %p: fp32[2] = add(x = %t, y = %one)\n"
                        + "  %h: fp32[2] = mul(x = %x, y = %half)\n  %y: fp32[2] = mul(x = %h, y = %p)\n", "%y"),
                Arguments.of("fuse_layernorm_or_instancenorm", "different reduction axes", "(%x: fp32[2, 3, 4])",
                        "  %a1: int32[1] = const() {val = int32[1] [-1]}\n"
                        + "  %a2: int32[1] = const() {val = int32[1] [1]}\n"
                        + "  %t: bool[] = const() {val = bool[] [true]}\n"
                        + "  %m: fp32[2, 3, 1] = reduce_mean(x = %x, axes = %a1, keep_dims = %t)\n"
                        + "  %d: fp32[2, 3, 4] = sub(x = %x, y = %m)\n  %q: fp32[2, 3, 4] = mul(x = %d, y = %d)\n"
                        + "  %v: fp32[2, 1, 4] = reduce_mean(x = %q, axes = %a2, keep_dims = %t)\n"
                        + "  %r: fp32[2, 1, 4] = rsqrt(x = %v)\n  %y: fp32[2, 3, 4] = mul(x = %d, y = %r)\n", "%y"),
                Arguments.of("fuse_layernorm_or_instancenorm", "centered value used elsewhere", "(%x: fp32[2, 4])",
                        "  %a: int32[1] = const() {val = int32[1] [-1]}\n"
                        + "  %t: bool[] = const() {val = bool[] [true]}\n"
                        + "  %m: fp32[2, 1] = reduce_mean(x = %x, axes = %a, keep_dims = %t)\n"
                        + "  %d: fp32[2, 4] = sub(x = %x, y = %m)\n  %q: fp32[2, 4] = mul(x = %d, y = %d)\n"
                        + "  %v: fp32[2, 1] = reduce_mean(x = %q, axes = %a, keep_dims = %t)\n"
                        + "  %r: fp32[2, 1] = rsqrt(x = %v)\n  %y: fp32[2, 4] = mul(x = %d, y = %r)\n"
                        + "  %e: fp32[2, 4] = exp(x = %d)\n", "%y, %e"),
                Arguments.of("merge_consecutive_reshapes", "outer shape copies a dim with 0", "(%x: fp32[2, 3, 4])",
                        "  %s1: int32[2] = const() {val = int32[2] [6, 4]}\n"
                        + "  %a: fp32[6, 4] = reshape(x = %x, shape = %s1)\n"
                        + "  %s2: int32[2] = const() {val = int32[2] [0, 4]}\n"
                        + "  %b: fp32[6, 4] = reshape(x = %a, shape = %s2)\n", "%b"),
                Arguments.of("merge_consecutive_relus", "both relus returned", "(%x: fp32[2])",
                        "  %a: fp32[2] = relu(x = %x)\n  %b: fp32[2] = relu(x = %a)\n", "%a, %b"),
                Arguments.of("divide_to_multiply", "non-const divisor", "(%x: fp32[2], %y: fp32[2])",
                        "  %z: fp32[2] = real_div(x = %x, y = %y)\n", "%z"),
                Arguments.of("cast_optimization", "narrowing middle cast", "(%x: fp32[2])",
                        "  %h: string[] = const() {val = string[] [\"fp16\"]}\n"
                        + "  %f: string[] = const() {val = string[] [\"fp32\"]}\n"
                        + "  %a: fp16[2] = cast(x = %x, dtype = %h)\n  %b: fp32[2] = cast(x = %a, dtype = %f)\n", "%b"),
                Arguments.of("noop_elimination", "reverse slice and real reshape", "(%x: fp32[2, 3])",
                        "  %b: int32[2] = const() {val = int32[2] [0, 0]}\n"
                        + "  %e: int32[2] = const() {val = int32[2] [2, 3]}\n"
                        + "  %st: int32[2] = const() {val = int32[2] [1, -1]}\n"
                        + "  %bm: bool[2] = const() {val = bool[2] [true, true]}\n"
                        + "  %r: fp32[2, 3] = slice_by_index(x = %x, begin = %b, end = %e, stride = %st,"
                        + " begin_mask = %bm, end_mask = %bm)\n"
                        + "  %s: int32[2] = const() {val = int32[2] [3, 2]}\n"
                        + "  %y: fp32[3, 2] = reshape(x = %r, shape = %s)\n", "%y"),
                Arguments.of("noop_elimination", "identity of an input returned", "(%x: fp32[2])",
                        "  %y: fp32[2] = identity(x = %x)\n", "%y"),
                Arguments.of("remove_symbolic_reshape", "two unresolved sizes", "(%x: fp32[B, S])",
                        "  %s: int32[2] = shape(x = %x)\n"
                        + "  %i: int32[2] = const() {val = int32[2] [1, 0]}\n"
                        + "  %t: int32[2] = gather(x = %s, indices = %i)\n"
                        + "  %y: fp32[S, B] = reshape(x = %x, shape = %t)\n", "%y"),
                Arguments.of("add_fp16_cast", "integer arithmetic", "(%x: int32[2])",
                        "  %y: int32[2] = add(x = %x, y = %x)\n", "%y"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void leavesProgramUnchanged(String pass, String why, String params, String body, String outputs) {
        String text = "program(version: 1)\n\nfunc main<iOS15>" + params + " {\n" + body + "} -> (" + outputs + ")\n";
        Program p = MilParser.parse(text, PassGoldenTest.REGISTRY);
        String before = MilPrinter.print(p);
        PassContext ctx = PassContext.withDefaults(PassGoldenTest.REGISTRY);
        OpPasses.passes().stream().filter(x -> x.id().equals("common::" + pass)).findFirst().orElseThrow().run(p, ctx);
        assertThat(MilPrinter.print(p)).as(why).isEqualTo(before);
        assertThat(ctx.statistics().getOrDefault("patterns_matched", 0L)).isZero();
        assertThat(Verifier.verify(p)).isEmpty();
    }
}
