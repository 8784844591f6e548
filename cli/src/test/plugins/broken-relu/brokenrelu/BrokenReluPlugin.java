package brokenrelu;

import com.google.inject.Module;
import dev.mil4j.converter.spi.Contributions;
import dev.mil4j.converter.spi.Mil4jPlugin;
import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.frontend.onnx.OnnxTranslation;
import dev.mil4j.frontend.pytorch.TorchTranslation;
import dev.mil4j.ops.ActivationOps;
import java.util.List;

/**
 * A deliberately broken translation for VerifyCommandTest: relu translated as sigmoid, for TorchScript's aten::relu
 * and ONNX's Relu. The test compiles this file into a plugin jar and gives it to `mil4j verify --plugin`.
 */
public final class BrokenReluPlugin implements Mil4jPlugin {
    @Override
    public String id() {
        return "test-broken-relu";
    }

    @Override
    public String version() {
        return "test";
    }

    @Override
    public int apiVersion() {
        return API_VERSION;
    }

    @Override
    public Module module() {
        TorchTranslation torch = (node, c) -> List.of(ActivationOps.sigmoid(c.builder(), c.tensor(0, "self")));
        OnnxTranslation onnx = (node, c) -> List.of(ActivationOps.sigmoid(c.builder(), c.input(0)));
        return binder -> {
            Contributions.translation(binder, TranslationContribution.overriding("pytorch", "aten::relu", torch));
            Contributions.translation(binder, new TranslationContribution("onnx", "Relu", List.of(), 6, onnx, true));
        };
    }
}
