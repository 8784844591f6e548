package dev.mil4j.core.value;

/**
 * The size limit on tensors built in memory while reading or translating a model, in one place so that every reader
 * and translation refuses the same sizes, and refuses them before allocating: a hostile or mistaken shape (a dim of
 * 2<sup>31</sup> - 1, say) then gets a diagnostic instead of an {@link OutOfMemoryError} that more heap cannot cure.
 */
public final class TensorLimits {
    /**
     * The most elements of one tensor built in memory: 2<sup>28</sup> (1 GiB of fp32), above the largest single
     * weight of the models mil4j converts and well inside one Java array.
     */
    public static final long MAX_ELEMENTS = 1L << 28;

    private TensorLimits() {
    }

    /** Whether a tensor of {@code elements} elements may be built in memory (0 to {@link #MAX_ELEMENTS}). */
    public static boolean fits(long elements) {
        return elements >= 0 && elements <= MAX_ELEMENTS;
    }
}
