package dev.mil4j.backend.mlprogram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.diag.Diagnostic;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.core.testing.TestOps;
import dev.mil4j.ops.StandardOps;
import dev.mil4j.spec.MlPackage;
import dev.mil4j.spec.proto.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The packages coremltools 9.0 wrote from the torch fixtures: read with the standard op set (mil-ops), compared
 * with the summaries coremltools' own loader wrote ({@code NAME.mlprogram.json}), and written back out by mil4j,
 * which must give the same MIL program, model description and weight file.
 */
class FixturePackagesTest {
    private static final OpRegistry OPS = StandardOps.newRegistry();
    private static final Pattern OP = Pattern.compile("^(\\w+) \\[([^\\]]*)\\]");

    private final MlPackageCodec backend = new MlPackageCodec();

    @TempDir
    Path tmp;

    static List<String> models() {
        return Fixtures.modelNames();
    }

    @ParameterizedTest
    @MethodSource("models")
    void readsAsTheSummarySaysAndWritesBackTheSamePackage(String name) throws IOException {
        Path pkg = Fixtures.coremltools().resolve(name + ".mlpackage");
        Summary summary = Summary.read(Fixtures.coremltools().resolve(name + ".mlprogram.json"));

        Program program = backend.read(pkg, OPS);

        List<String> ops = new ArrayList<>();
        for (Operation op : program.main().body().operations()) {
            ops.add(op.type() + " " + op.outputs().stream().map(v -> "'" + v.name() + "'").toList());
        }
        assertThat(ops).as("op types and output names in order").isEqualTo(summary.ops);
        assertThat(program.main().opset().milOpsetName()).isEqualTo("CoreML5");
        assertThat(features(program.main().inputs())).isEqualTo(summary.inputs);
        assertThat(features(program.main().outputs())).isEqualTo(summary.outputs);
        assertThat(program.attributes()).containsEntry("coremltools-version", "9.0");

        Path out = tmp.resolve(name + ".mlpackage");
        backend.write(program, out, MlProgramOptions.defaults());
        Model theirs = MlPackage.read(pkg).model();
        Model ours = MlPackage.read(out).model();
        assertThat(ours.getSpecificationVersion()).isEqualTo(theirs.getSpecificationVersion());
        assertThat(ours.getIsUpdatable()).isFalse();
        assertThat(ours.getDescription()).isEqualTo(theirs.getDescription().toBuilder().clearMetadata().build());
        assertThat(ours.getMlProgram()).isEqualTo(theirs.getMlProgram());
        Path weights = Path.of("Data/com.apple.CoreML/weights/weight.bin");
        if (Files.exists(pkg.resolve(weights))) {
            assertThat(Files.readAllBytes(out.resolve(weights))).as("weight.bin byte for byte")
                    .isEqualTo(Files.readAllBytes(pkg.resolve(weights)));
        } else {
            assertThat(out.resolve(weights)).as("no weight file without large constants").doesNotExist();
        }
    }

    @Test
    void customLayerWrittenByCoremltoolsIsAClearError() {
        Path pkg = Fixtures.coremltools().resolve("topk_head_custom_topk.mlpackage");

        assertThatThrownBy(() -> backend.read(pkg, OPS)).isInstanceOfSatisfying(ConversionException.class, e -> {
            assertThat(e.diagnostics()).hasSize(1);
            Diagnostic d = e.diagnostics().get(0);
            assertThat(d.op()).contains("`op_10_cast_fp16` (custom_layer)");
            assertThat(d.render())
                    .contains("op `op_10_cast_fp16` of function `main`")
                    .contains("is a `custom_layer` (class `CustomTopK`)")
                    .contains("Core ML cannot load custom layers from an ML Program")
                    .contains("--to neuralnetwork")
                    .contains("composite of MIL ops");
        });
    }

    @Test
    void unknownOpTypesAreListedTogetherWithFunctionAndCount() {
        Path pkg = Fixtures.coremltools().resolve("topk_head.mlpackage");

        assertThatThrownBy(() -> backend.read(pkg, TestOps.registry()))
                .isInstanceOfSatisfying(ConversionException.class, e -> {
                    assertThat(e.diagnostics()).hasSize(1);
                    assertThat(e.diagnostics().get(0).message()).contains("uses 2 op types that the op registry"
                            + " does not know: `cast` (function `main`, 2 times), `linear` (function `main`, 1 time)");
                });
    }

    private static List<String> features(List<Var> vars) {
        List<String> out = new ArrayList<>();
        for (Var v : vars) {
            var t = v.tensorType();
            String dtype = switch (t.dtype()) {
                case FP32 -> "FLOAT32";
                case INT32 -> "INT32";
                case FP16 -> "FLOAT16";
                default -> t.dtype().milName();
            };
            out.add(v.name() + ": MultiArray<" + dtype + ">" + t.shape());
        }
        return out;
    }

    /** The parts of coremltools' summary compared here (the summaries hold only the main function). */
    private record Summary(List<String> inputs, List<String> outputs, List<String> ops) {
        static Summary read(Path json) throws IOException {
            String text = Files.readString(json);
            return new Summary(strings(text, "\"inputs\": ["), strings(text, "\"outputs\": ["),
                    strings(text, "\"ops\": [").stream().map(FixturePackagesTest::opHead).toList());
        }

        /** The strings of the first array after {@code key}, one per line (the top-level arrays come first). */
        private static List<String> strings(String text, String key) {
            List<String> out = new ArrayList<>();
            String[] lines = text.substring(text.indexOf(key) + key.length()).split("\n");
            Pattern element = Pattern.compile("^\\s*\"(.*)\",?$");
            for (int i = 1; i < lines.length && !lines[i].trim().startsWith("]"); i++) {
                Matcher m = element.matcher(lines[i]);
                assertThat(m.matches()).as(lines[i]).isTrue();
                out.add(m.group(1).replace("\\\"", "\""));
            }
            return out;
        }
    }

    private static String opHead(String summaryOp) {
        Matcher m = OP.matcher(summaryOp);
        assertThat(m.find()).as(summaryOp).isTrue();
        return m.group(1) + " [" + m.group(2) + "]";
    }
}
