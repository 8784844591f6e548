package dev.mil4j.examples.customtopk;

import com.google.inject.Module;
import dev.mil4j.converter.spi.Contributions;
import dev.mil4j.converter.spi.Mil4jPlugin;

/**
 * The plugin of the custom TopK example: contributes the custom op {@code custom_topk}. Load it with
 * {@code mil4j convert ... --plugin examples/custom-topk/target/custom-topk-plugin.jar}.
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
        return binder -> Contributions.op(binder, new CustomTopKOp());
    }
}
