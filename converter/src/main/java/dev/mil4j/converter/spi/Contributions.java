package dev.mil4j.converter.spi;

import com.google.inject.Binder;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.Multibinder;
import dev.mil4j.converter.internal.ContributionRecorder;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.pass.Pass;
import dev.mil4j.core.pass.PassPipeline;
import dev.mil4j.interpreter.OpKernel;
import java.util.Collection;
import java.util.function.Supplier;

/**
 * How a plugin's Guice module contributes: each method adds one element to a {@link Multibinder} set that the
 * converter reads when it assembles its registries. Registering a key that exists (an op name and version, a pass
 * id, a pipeline name, a translation, an interpreter kernel) is an error naming both plugins unless the contribution is an explicit
 * override.
 *
 * <p>A module that contributes only through these methods (every built-in plugin does) is run without a Guice
 * injector: the converter records its contributions directly, which keeps a cold conversion from paying for Guice.
 * A module that also uses Guice itself (its own bindings, {@code install}, provider methods) gets an injector as
 * before. A frontend's whole translation table is best given as one {@link #translations(Binder, String, Supplier)}
 * contribution: it is built only when a conversion uses that frontend.
 */
public final class Contributions {
    private Contributions() {
    }

    /** An op definition (custom ops are op definitions with a binding). */
    public record OpContribution(OpDef def, boolean override) {
    }

    public record PassContribution(Pass pass, boolean override) {
    }

    public record PipelineContribution(PassPipeline pipeline, boolean override) {
    }

    public static void op(Binder binder, OpDef def) {
        var c = new OpContribution(def, false);
        if (!recorded(binder, c)) {
            opBinder(binder).addBinding().toInstance(c);
        }
    }

    /** An op definition replacing the registered one of the same name and version. */
    public static void overridingOp(Binder binder, OpDef def) {
        var c = new OpContribution(def, true);
        if (!recorded(binder, c)) {
            opBinder(binder).addBinding().toInstance(c);
        }
    }

    public static void pass(Binder binder, Pass pass) {
        var c = new PassContribution(pass, false);
        if (!recorded(binder, c)) {
            passBinder(binder).addBinding().toInstance(c);
        }
    }

    public static void overridingPass(Binder binder, Pass pass) {
        var c = new PassContribution(pass, true);
        if (!recorded(binder, c)) {
            passBinder(binder).addBinding().toInstance(c);
        }
    }

    public static void pipeline(Binder binder, PassPipeline pipeline) {
        var c = new PipelineContribution(pipeline, false);
        if (!recorded(binder, c)) {
            pipelineBinder(binder).addBinding().toInstance(c);
        }
    }

    public static void overridingPipeline(Binder binder, PassPipeline pipeline) {
        var c = new PipelineContribution(pipeline, true);
        if (!recorded(binder, c)) {
            pipelineBinder(binder).addBinding().toInstance(c);
        }
    }

    public static void translation(Binder binder, TranslationContribution translation) {
        var c = translation;
        if (!recorded(binder, c)) {
            translationBinder(binder).addBinding().toInstance(c);
        }
    }

    public static void frontend(Binder binder, Frontend<?> frontend) {
        var c = frontend;
        if (!recorded(binder, c)) {
            frontendBinder(binder).addBinding().toInstance(c);
        }
    }

    public static void backend(Binder binder, Backend backend) {
        var c = backend;
        if (!recorded(binder, c)) {
            backendBinder(binder).addBinding().toInstance(c);
        }
    }

    /**
     * The interpreter kernel of an op, typically a custom op the plugin defines: with it, programs using the op run
     * in mil4j's reference interpreter ({@code Converter.run}, {@code mil4j run}).
     */
    public static void kernel(Binder binder, String opName, OpKernel kernel) {
        var c = new KernelContribution(opName, kernel, false);
        if (!recorded(binder, c)) {
            kernelBinder(binder).addBinding().toInstance(c);
        }
    }

    /** An interpreter kernel replacing the registered one of the op (a built-in kernel or another plugin's). */
    public static void overridingKernel(Binder binder, String opName, OpKernel kernel) {
        var c = new KernelContribution(opName, kernel, true);
        if (!recorded(binder, c)) {
            kernelBinder(binder).addBinding().toInstance(c);
        }
    }

    /**
     * A source framework's runtime, with which {@code mil4j verify} runs the source model beside the converted one.
     */
    public static void referenceRuntime(Binder binder, ReferenceRuntime runtime) {
        var c = runtime;
        if (!recorded(binder, c)) {
            runtimeBinder(binder).addBinding().toInstance(c);
        }
    }

    /**
     * The whole translation table of a frontend (or a large part of it), built only when a conversion or a listing
     * first uses that frontend's translations: a source format's table costs a cold process tens of milliseconds,
     * which a conversion from another format should not pay. Each element is a translation of {@code frontendId}
     * registered as {@link #translation} would, in the order of the plugins. {@code table} is called at most once,
     * from whichever thread first needs the frontend.
     */
    public static void translations(Binder binder, String frontendId,
            Supplier<? extends Collection<TranslationContribution>> table) {
        var c = new TranslationTable(frontendId, table);
        if (!recorded(binder, c)) {
            tableBinder(binder).addBinding().toInstance(c);
        }
    }

    /** A frontend's translations given as a table built on first use ({@link #translations}). */
    public record TranslationTable(String frontend, Supplier<? extends Collection<TranslationContribution>> table) {
        public TranslationTable {
            java.util.Objects.requireNonNull(frontend, "frontend is null");
            java.util.Objects.requireNonNull(table, "table is null");
        }
    }

    /** Declares every contribution set, so that a plugin contributing nothing of a kind gets an empty set. */
    public static void declareAll(Binder binder) {
        if (binder instanceof ContributionRecorder) {
            return; // recorded contributions need no declaration
        }
        opBinder(binder);
        passBinder(binder);
        pipelineBinder(binder);
        translationBinder(binder);
        tableBinder(binder);
        frontendBinder(binder);
        backendBinder(binder);
        kernelBinder(binder);
        runtimeBinder(binder);
    }

    static Multibinder<OpContribution> opBinder(Binder binder) {
        return Multibinder.newSetBinder(binder, OpContribution.class);
    }

    static Multibinder<PassContribution> passBinder(Binder binder) {
        return Multibinder.newSetBinder(binder, PassContribution.class);
    }

    static Multibinder<PipelineContribution> pipelineBinder(Binder binder) {
        return Multibinder.newSetBinder(binder, PipelineContribution.class);
    }

    static Multibinder<TranslationContribution> translationBinder(Binder binder) {
        return Multibinder.newSetBinder(binder, TranslationContribution.class);
    }

    static Multibinder<TranslationTable> tableBinder(Binder binder) {
        return Multibinder.newSetBinder(binder, TranslationTable.class);
    }

    /** Records {@code c} when {@code binder} is the converter's recorder rather than Guice's. */
    private static boolean recorded(Binder binder, Object c) {
        if (binder instanceof ContributionRecorder recorder) {
            recorder.add(c);
            return true;
        }
        return false;
    }

    static Multibinder<Frontend<?>> frontendBinder(Binder binder) {
        return Multibinder.newSetBinder(binder, new TypeLiteral<Frontend<?>>() {
        });
    }

    static Multibinder<Backend> backendBinder(Binder binder) {
        return Multibinder.newSetBinder(binder, Backend.class);
    }

    static Multibinder<ReferenceRuntime> runtimeBinder(Binder binder) {
        return Multibinder.newSetBinder(binder, ReferenceRuntime.class);
    }

    static Multibinder<KernelContribution> kernelBinder(Binder binder) {
        return Multibinder.newSetBinder(binder, KernelContribution.class);
    }
}
