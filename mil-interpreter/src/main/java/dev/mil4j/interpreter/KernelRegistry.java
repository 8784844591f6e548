package dev.mil4j.interpreter;

import static java.util.Objects.requireNonNull;

import dev.mil4j.core.registry.Registration;
import dev.mil4j.core.registry.Registry;
import java.util.List;
import java.util.Optional;

/**
 * The kernels of the interpreter, keyed by op name (one kernel serves every opset version of an op). Built on the
 * one registration mechanism of mil4j ({@link Registry}): a second kernel for an op is an error naming both
 * registrants unless it is registered as an explicit override. Plugins register kernels for their custom ops here.
 * The registry knows no kernel itself: {@code StandardKernels.newRegistry()} makes one holding the standard op set's.
 */
public final class KernelRegistry {
    /** The registrant name of the built-in kernels. */
    public static final String BUILT_IN = "mil4j-interpreter";

    private final Registry<String, OpKernel> kernels = new Registry<>("interpreter kernel");

    /** An empty registry. */
    public KernelRegistry() {
    }

    /**
     * Registers the kernel of {@code opType}.
     *
     * @throws dev.mil4j.core.registry.RegistrationConflictException when the op has a kernel already
     */
    public void register(String opType, OpKernel kernel, String registrant) {
        register(opType, kernel, registrant, false);
    }

    /** Registers the kernel of {@code opType}, replacing an existing one when {@code override} is set. */
    public void register(String opType, OpKernel kernel, String registrant, boolean override) {
        requireNonNull(opType, "opType is null");
        requireNonNull(kernel, "kernel is null");
        requireNonNull(registrant, "registrant is null");
        kernels.register(opType, kernel, registrant, override);
    }

    /** Registers one kernel under several op names. */
    public void registerAll(List<String> opTypes, OpKernel kernel, String registrant) {
        for (String t : opTypes) {
            register(t, kernel, registrant);
        }
    }

    public Optional<OpKernel> kernel(String opType) {
        return kernels.value(opType);
    }

    public boolean contains(String opType) {
        return kernels.contains(opType);
    }

    /** Who registered the kernel of an op, and whether it overrode another. */
    public Optional<Registration<String, OpKernel>> registration(String opType) {
        return kernels.get(opType);
    }

    /** The op names with a kernel, in registration order. */
    public List<String> opTypes() {
        return kernels.keys();
    }

    public int size() {
        return kernels.size();
    }
}
