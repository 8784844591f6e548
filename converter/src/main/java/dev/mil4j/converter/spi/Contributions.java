package dev.mil4j.converter.spi;

import com.google.inject.Binder;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.Multibinder;
import dev.mil4j.core.op.OpDef;
import dev.mil4j.core.pass.Pass;
import dev.mil4j.core.pass.PassPipeline;
import dev.mil4j.interpreter.OpKernel;

/**
 * How a plugin's Guice module contributes: each method adds one element to a {@link Multibinder} set that the
 * converter reads when it assembles its registries. Registering a key that exists (an op name and version, a pass
 * id, a pipeline name, a translation, an interpreter kernel) is an error naming both plugins unless the contribution is an explicit
 * override.
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
        opBinder(binder).addBinding().toInstance(new OpContribution(def, false));
    }

    /** An op definition replacing the registered one of the same name and version. */
    public static void overridingOp(Binder binder, OpDef def) {
        opBinder(binder).addBinding().toInstance(new OpContribution(def, true));
    }

    public static void pass(Binder binder, Pass pass) {
        passBinder(binder).addBinding().toInstance(new PassContribution(pass, false));
    }

    public static void overridingPass(Binder binder, Pass pass) {
        passBinder(binder).addBinding().toInstance(new PassContribution(pass, true));
    }

    public static void pipeline(Binder binder, PassPipeline pipeline) {
        pipelineBinder(binder).addBinding().toInstance(new PipelineContribution(pipeline, false));
    }

    public static void overridingPipeline(Binder binder, PassPipeline pipeline) {
        pipelineBinder(binder).addBinding().toInstance(new PipelineContribution(pipeline, true));
    }

    public static void translation(Binder binder, TranslationContribution translation) {
        translationBinder(binder).addBinding().toInstance(translation);
    }

    public static void frontend(Binder binder, Frontend<?> frontend) {
        frontendBinder(binder).addBinding().toInstance(frontend);
    }

    public static void backend(Binder binder, Backend backend) {
        backendBinder(binder).addBinding().toInstance(backend);
    }

    /**
     * The interpreter kernel of an op, typically a custom op the plugin defines: with it, programs using the op run
     * in mil4j's reference interpreter ({@code Converter.run}, {@code mil4j run}).
     */
    public static void kernel(Binder binder, String opName, OpKernel kernel) {
        kernelBinder(binder).addBinding().toInstance(new KernelContribution(opName, kernel, false));
    }

    /** An interpreter kernel replacing the registered one of the op (a built-in kernel or another plugin's). */
    public static void overridingKernel(Binder binder, String opName, OpKernel kernel) {
        kernelBinder(binder).addBinding().toInstance(new KernelContribution(opName, kernel, true));
    }

    /**
     * A source framework's runtime, with which {@code mil4j verify} runs the source model beside the converted one.
     */
    public static void referenceRuntime(Binder binder, ReferenceRuntime runtime) {
        runtimeBinder(binder).addBinding().toInstance(runtime);
    }

    /** Declares every contribution set, so that a plugin contributing nothing of a kind gets an empty set. */
    public static void declareAll(Binder binder) {
        opBinder(binder);
        passBinder(binder);
        pipelineBinder(binder);
        translationBinder(binder);
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
