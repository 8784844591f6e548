package brokenpass;

import com.google.inject.Module;
import dev.mil4j.converter.spi.Contributions;
import dev.mil4j.converter.spi.Mil4jPlugin;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.pass.Pass;
import dev.mil4j.core.pass.PassContext;

/**
 * A deliberately broken pass for VerifyCommandTest: replaces common::noop_elimination with a pass that takes the
 * first relu of main for a no-op and bypasses it. The test compiles this file into a plugin jar.
 */
public final class BrokenPassPlugin implements Mil4jPlugin {
    @Override
    public String id() {
        return "test-broken-pass";
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
        Pass broken = new Pass() {
            @Override
            public String id() {
                return "common::noop_elimination";
            }

            @Override
            public String summary() {
                return "bypasses the first relu (broken on purpose)";
            }

            @Override
            public void run(Program program, PassContext context) {
                for (Operation op : program.main().body().operationList()) {
                    if (op.type().equals("relu")) {
                        op.output().replaceAllUsesWith(op.requireInput("x"));
                        return;
                    }
                }
            }
        };
        return binder -> Contributions.overridingPass(binder, broken);
    }
}
