package dev.mil4j.converter.spi;

import static java.util.Objects.requireNonNull;

import dev.mil4j.interpreter.OpKernel;

/**
 * An interpreter kernel for one op, contributed by a plugin: how a custom op (or a replacement of a built-in kernel,
 * with {@code override} set) runs in mil4j's reference interpreter. Registered under the plugin's id; a second
 * kernel for the same op is an error naming both plugins unless it is an explicit override.
 */
public record KernelContribution(String opName, OpKernel kernel, boolean override) {
    public KernelContribution {
        requireNonNull(opName, "opName is null");
        requireNonNull(kernel, "kernel is null");
        if (opName.isEmpty()) {
            throw new IllegalArgumentException("opName is empty");
        }
    }
}
