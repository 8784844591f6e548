package dev.mil4j.frontend.pytorch;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.spi.InputType;
import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.testing.TestData;
import dev.mil4j.frontend.pytorch.script.Parser;
import dev.mil4j.frontend.pytorch.script.ScriptSyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TorchScript inputs found by fuzzing and hostile testing (issue 22), each refused with a diagnostic. */
class TorchHostileInputTest {
    private static final ConvertOptions PYTORCH = ConvertOptions.builder().framework("pytorch").build();

    @TempDir
    Path dir;

    @Test
    void deeplyNestedCodeIsRefusedWithoutExhaustingTheStack() {
        String code = "def forward(self, x):\n  return " + "(".repeat(500) + "x" + ")".repeat(500) + "\n";
        assertThatThrownBy(() -> Parser.parse("code/__torch__/m.py", code))
                .isInstanceOf(ScriptSyntaxException.class).hasMessageContaining("nests more than");
    }

    @Test
    void devicesAndDirectoriesAreRefusedBeforeReading() {
        assertThatThrownBy(() -> TorchFrontendTest.CONVERTER.load(dir, PYTORCH))
                .isInstanceOf(ConversionException.class).hasMessageContaining("is not a regular file");
        Path device = Path.of("/dev/zero");
        assumeTrue(Files.exists(device), "a system with /dev/zero");
        assertThatThrownBy(() -> TorchFrontendTest.CONVERTER.load(device, PYTORCH))
                .isInstanceOf(ConversionException.class).hasMessageContaining("is not a regular file");
    }

    @Test
    void anAbsurdInputShapeIsRefusedBeforeAllocating() {
        Path model = TestData.path("torch-ops/upsample.pt");
        ConvertOptions huge = ConvertOptions.builder().input(InputType.parse("x:1x2x3x2147483647")).build();
        assertThatThrownBy(() -> TorchFrontendTest.CONVERTER.load(model, huge))
                .isInstanceOf(ConversionException.class).hasMessageContaining("more than the 268435456");
    }
}
