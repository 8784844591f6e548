package dev.mil4j.examples.customtopk;

import com.google.inject.Module;
import dev.mil4j.converter.spi.Contributions;
import dev.mil4j.converter.spi.Mil4jPlugin;
import dev.mil4j.converter.spi.TranslationContribution;
import dev.mil4j.frontend.tensorflow.TfTranslations;

/**
 * The plugin of the custom TopK example: contributes the custom op {@code custom_topk} and translations that
 * replace the built-in ones of TensorFlow's {@code TopKV2}/{@code TopK} and PyTorch's {@code aten::topk} with it
 * (explicit overrides), the interpreter kernel that runs the op off a Mac, and the pass {@link ReplaceTopKPass}, which
 * turns the standard topk of other frontends into the custom op when a conversion appends it to its pipeline. Load
 * it with {@code mil4j convert ... --plugin examples/custom-topk/target/custom-topk-plugin.jar}; the result needs the
 * NeuralNetwork target, whose custom layers Core ML loads.
 */
public final class CustomTopKPlugin implements Mil4jPlugin {
    @Override
    public String id() {
        return "custom-topk";
    }

    @Override
    public String version() {
        return "1.0";
    }

    @Override
    public int apiVersion() {
        return API_VERSION;
    }

    @Override
    public Module module() {
        return binder -> {
            Contributions.op(binder, new CustomTopKOp());
            Contributions.kernel(binder, CustomTopKOp.NAME, new CustomTopKKernel());
            Contributions.pass(binder, new ReplaceTopKPass());
            Contributions.translation(binder, TfTranslations.overriding("TopKV2", new TfTopKTranslation(), "TopK"));
            Contributions.translation(binder, TranslationContribution.overriding("pytorch", "aten::topk",
                    new TorchTopKTranslation()));
        };
    }
}
