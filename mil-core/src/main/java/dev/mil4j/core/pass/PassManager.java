package dev.mil4j.core.pass;

import static java.util.Objects.requireNonNull;

import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.diag.Diagnostic;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Verifier;
import dev.mil4j.core.op.OpRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs pipelines: validates the pipeline, runs each pass with its options, times it, collects its statistics,
 * reports progress, and, when asked, verifies the program after every pass, naming the pass that broke it.
 */
public final class PassManager {
    private static final Logger LOG = LoggerFactory.getLogger(PassManager.class);

    private final PassRegistry passes;
    private final OpRegistry ops;
    private final boolean verifyEach;
    private final PassListener listener;

    private PassManager(PassRegistry passes, OpRegistry ops, boolean verifyEach, PassListener listener) {
        this.passes = requireNonNull(passes, "passes is null");
        this.ops = requireNonNull(ops, "ops is null");
        this.verifyEach = verifyEach;
        this.listener = requireNonNull(listener, "listener is null");
    }

    public static PassManager of(PassRegistry passes, OpRegistry ops) {
        return new PassManager(passes, ops, false, PassListener.NONE);
    }

    /** Verify the program after every pass. */
    public PassManager verifyingEachPass(boolean verify) {
        return new PassManager(passes, ops, verify, listener);
    }

    public PassManager withListener(PassListener l) {
        return new PassManager(passes, ops, verifyEach, l);
    }

    /**
     * Runs {@code pipeline} on {@code program}.
     *
     * @throws IllegalArgumentException when the pipeline names an unknown pass or option
     * @throws ConversionException when a pass fails or (with verification) leaves an invalid program
     */
    public PassReport run(Program program, PassPipeline pipeline) {
        passes.validate(pipeline);
        List<PassResult> results = new ArrayList<>(pipeline.steps().size());
        int total = pipeline.steps().size();
        for (int i = 0; i < total; i++) {
            PassPipeline.Step step = pipeline.steps().get(i);
            Pass pass = passes.pass(step.passId()).orElseThrow();
            Map<String, Object> options = passes.parseOptions(pass, step);
            PassContext ctx = new PassContext(ops, options);
            listener.passStarted(pass.id(), i, total);
            long start = System.nanoTime();
            try {
                pass.run(program, ctx);
            } catch (ConversionException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new ConversionException(Diagnostic.error("pass `" + pass.id() + "` failed: " + e)
                        .withHint("remove it from the pipeline (--pipeline-remove " + pass.id()
                                + ") and report the model that triggers this"));
            }
            PassResult result = new PassResult(pass.id(), System.nanoTime() - start, ctx.statistics());
            LOG.debug("pass {} took {} us, {}", pass.id(), result.nanos() / 1000, result.statistics());
            if (verifyEach) {
                verifyAfter(program, pass.id());
            }
            results.add(result);
            listener.passFinished(result, i, total);
        }
        return new PassReport(pipeline.name(), results);
    }

    private static void verifyAfter(Program program, String passId) {
        List<Diagnostic> problems = Verifier.verify(program);
        if (!problems.isEmpty()) {
            List<Diagnostic> all = new ArrayList<>(problems.size() + 1);
            all.add(Diagnostic.error("pass `" + passId + "` left an invalid program (" + problems.size()
                    + (problems.size() == 1 ? " problem" : " problems") + " follow)")
                    .withHint("remove it from the pipeline (--pipeline-remove " + passId + ") and report this"));
            all.addAll(problems);
            throw new ConversionException(all);
        }
    }
}
