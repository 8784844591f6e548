package dev.mil4j.converter;

import com.google.inject.Module;
import dev.mil4j.converter.spi.Contributions;
import dev.mil4j.converter.spi.Mil4jPlugin;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.pass.Pass;
import dev.mil4j.core.pass.PassPipeline;
import dev.mil4j.core.pass.common.CorePasses;
import dev.mil4j.ops.StandardOps;
import dev.mil4j.ops.passes.OpPasses;

/**
 * The built-in contributions, always present: the standard op set, the core and op-specific passes, the pipelines
 * ({@code default}, {@code default_fp16}, {@code cleanup}, {@code empty}) and the MIL text frontend.
 */
final class CorePlugin implements Mil4jPlugin {
    static final String ID = CorePasses.REGISTRANT;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String version() {
        return Converter.VERSION;
    }

    @Override
    public int apiVersion() {
        return API_VERSION;
    }

    @Override
    public Module module() {
        return binder -> {
            for (OpDef d : StandardOps.definitions()) {
                Contributions.op(binder, d);
            }
            for (Pass p : CorePasses.passes()) {
                Contributions.pass(binder, p);
            }
            for (Pass p : OpPasses.passes()) {
                Contributions.pass(binder, p);
            }
            Contributions.pipeline(binder, CorePasses.cleanupPipeline());
            Contributions.pipeline(binder, OpPasses.defaultPipeline());
            Contributions.pipeline(binder, OpPasses.defaultFp16Pipeline());
            Contributions.pipeline(binder, PassPipeline.empty());
            Contributions.frontend(binder, new MilTextFrontend());
        };
    }
}
