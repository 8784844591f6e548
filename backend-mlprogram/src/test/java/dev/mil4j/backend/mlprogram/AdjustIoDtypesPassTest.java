package dev.mil4j.backend.mlprogram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Verifier;
import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.core.pass.PassContext;
import dev.mil4j.core.text.MilParser;
import dev.mil4j.core.text.MilPrinter;
import dev.mil4j.ops.StandardOps;
import dev.mil4j.spec.MlPackage;
import dev.mil4j.spec.proto.ArrayFeatureType.ArrayDataType;
import dev.mil4j.spec.proto.FeatureDescription;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outputs an ML Program cannot describe are cast, under their own names, so the package can be written. */
class AdjustIoDtypesPassTest {
    private static final OpRegistry OPS = StandardOps.newRegistry();

    @TempDir
    Path tmp;

    private static Program parse(String opset, String body, String outputs) {
        return MilParser.parse("program(version: 1)\n\nfunc main<" + opset + ">(%a: fp32[2, 3], %b: fp32[2, 3]) {\n"
                + body + "} -> (" + outputs + ")\n", OPS);
    }

    @Test
    void boolOutputsBecomeFp32UnderTheirNamesAndThePackageDescribesThem() throws IOException {
        Program p = parse("iOS15", """
                  %less: bool[2, 3] = less(x = %a, y = %b)
                  %sum: fp32[2, 3] = add(x = %a, y = %b)
                """, "%less, %sum");
        MlPackageCodec backend = new MlPackageCodec();
        assertThat(backend.check(p, MlProgramOptions.builder().build())).anyMatch(d -> d.isError()
                && d.render().contains("output `less` of function `main` has dtype bool"));

        PassContext context = PassContext.withDefaults(OPS);
        new AdjustIoDtypesPass().run(p, context);

        assertThat(MilPrinter.print(p)).contains("%less_pre_cast: bool[2, 3] = less(x = %a, y = %b)")
                .contains("%less: fp32[2, 3] = cast(x = %less_pre_cast, dtype = ")
                .contains("} -> (%less, %sum)");
        assertThat(context.statistics()).containsEntry("outputs_cast", 1L);
        assertThat(Verifier.verify(p)).isEmpty();
        assertThat(backend.check(p, MlProgramOptions.builder().build())).noneMatch(d -> d.isError());

        Path out = tmp.resolve("m.mlpackage");
        backend.write(p, out, MlProgramOptions.builder().build());
        var outputs = MlPackage.read(out).model().getDescription().getOutputList();
        assertThat(outputs).extracting(FeatureDescription::getName).containsExactly("less", "sum");
        assertThat(outputs).extracting(o -> o.getType().getMultiArrayType().getDataType())
                .containsExactly(ArrayDataType.FLOAT32, ArrayDataType.FLOAT32);
    }

    @Test
    void fp16OutputsAreCastBeforeIos16AndKeptFromIos16On() {
        String body = """
                  %t: string[] = const() {val = string[] ["fp16"]}
                  %h: fp16[2, 3] = cast(x = %a, dtype = %t)
                """;
        Program old = parse("iOS15", body, "%h");
        new AdjustIoDtypesPass().run(old, PassContext.withDefaults(OPS));
        assertThat(MilPrinter.print(old)).contains("%h: fp32[2, 3] = cast(x = %h_pre_cast");

        Program ios16 = parse("iOS16", body, "%h");
        String before = MilPrinter.print(ios16);
        new AdjustIoDtypesPass().run(ios16, PassContext.withDefaults(OPS));
        assertThat(MilPrinter.print(ios16)).isEqualTo(before);
    }

    @Test
    void boolInputsBecomeFp32AndAreCastBackForTheOpsThatUseThem() throws IOException {
        Program p = MilParser.parse("""
                program(version: 1)

                func main<iOS15>(%mask: bool[2, 3], %a: fp32[2, 3]) {
                  %zero: fp32[] = const() {val = fp32[] [0.0]}
                  %y: fp32[2, 3] = select(cond = %mask, a = %a, b = %zero)
                } -> (%y)
                """, OPS);
        PassContext context = PassContext.withDefaults(OPS);
        new AdjustIoDtypesPass().run(p, context);

        String text = MilPrinter.print(p);
        assertThat(text).contains("func main<iOS15>(%mask: fp32[2, 3], %a: fp32[2, 3])")
                .contains("%mask_bool: bool[2, 3] = cast(x = %mask, dtype = ")
                .contains("select(cond = %mask_bool, a = %a, b = %zero)");
        assertThat(context.statistics()).containsEntry("inputs_retyped", 1L);
        assertThat(Verifier.verify(p)).isEmpty();
        Path out = tmp.resolve("m.mlpackage");
        new MlPackageCodec().write(p, out, MlProgramOptions.builder().build());
        assertThat(MlPackage.read(out).model().getDescription().getInput(0).getType().getMultiArrayType()
                .getDataType()).isEqualTo(ArrayDataType.FLOAT32);
    }
}
