package dev.mil4j.frontend.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.Converter;
import dev.mil4j.core.ir.Block;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.pass.PassManager;
import dev.mil4j.core.pass.common.Blocks;
import dev.mil4j.core.testing.Golden;
import dev.mil4j.core.text.MilPrinter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The erf expansion of GELU as torch.onnx.export writes it at opset 13 ({@code Div} by sqrt 2, {@code Erf},
 * {@code Add} 1, {@code Mul} by x, {@code Mul} by 0.5; make_control_flow_models.py exports {@code nn.GELU} between
 * two linear layers) ends as one {@code gelu(mode = "EXACT")} after the default pipeline, and still matches ONNX
 * Runtime.
 */
class OnnxGeluTest {
    private static final Converter CONVERTER = Converter.builder().plugin(new OnnxFrontendPlugin()).build();

    @Test
    void erfPatternFusesToOneExactGelu() {
        Program program = CONVERTER.load(Fixtures.model("torch_gelu.onnx"), ConvertOptions.builder().build());
        assertThat(OnnxControlFlowTest.opTypes(program)).contains("erf", "real_div").doesNotContain("gelu");
        PassManager.of(CONVERTER.plugins().passes(), CONVERTER.plugins().ops())
                .run(program, CONVERTER.plugins().passes().pipeline("default"));
        List<Operation> gelus = new ArrayList<>();
        for (Block b : Blocks.all(program)) {
            for (Operation op : b.operations()) {
                if (op.type().equals("gelu")) {
                    gelus.add(op);
                }
            }
        }
        assertThat(gelus).hasSize(1);
        assertThat(gelus.get(0).requireInput("mode").value().orElseThrow().scalarString()).isEqualTo("EXACT");
        assertThat(OnnxControlFlowTest.opTypes(program)).doesNotContain("erf", "real_div");
        Golden.assertMatches(getClass(), "/golden/mil/torch_gelu.default.mil",
                MilPrinter.eliding(16).format(program));
    }

    @Test
    void fusedGeluMatchesOnnxRuntime() {
        OrtParityTest.assertMatchesOnnxRuntime("gelu/torch_gelu", Fixtures.model("torch_gelu.onnx"), Map.of());
    }
}
