package dev.mil4j.core.value;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.util.stream.IntStream;

/**
 * fp32 -> fp16 on whole tensors at memory speed: the weights of a model are cast once each, mostly in a JVM that has
 * just started, so the work is done in chunks copied out of the buffers in bulk and converted by a small branch-free
 * loop (which the JIT compiles after a few chunks rather than interpreting element by element), and a large tensor's
 * chunks are spread over the common fork-join pool (every core). On Java 20 and later a chunk is first converted
 * with {@code Float.floatToFloat16}, which the optimizing JIT compiles to the processor's vector conversion (five
 * times the portable loop's speed under C2), while the same sweep finds the largest magnitude: a chunk holding a
 * value beyond fp16's range, an infinity or a NaN is converted again by the portable loop, whose NaN payloads and
 * range check are the reference. Results are bit for bit those of {@link Fp16#fromFloat} (round to nearest even;
 * NaN stays a quiet NaN with its high payload bits) on every Java.
 */
public final class Fp16Arrays {
    /** Elements per chunk: 256 KiB of fp32, within a core's L2 cache with its fp16 output. */
    static final int CHUNK = 1 << 16;
    /**
     * Tensors of at least this many elements (1 MiB of fp32, four chunks) are split across cores: in resnet18 that
     * puts 90% of the weights on both cores instead of 70%.
     */
    static final int PARALLEL_MIN = 1 << 18;

    /** The bits of 65504f, fp16's largest finite value. */
    private static final int FP16_MAX_BITS = 0x477fe000;
    /** 0.5f: adding it to |x| < 2^-14 rounds x to a multiple of 2^-24, the fp16 subnormal step, in its low bits. */
    private static final int SUBNORMAL_MAGIC = 126 << 23;

    /** {@code Float.floatToFloat16} (Java 20 and later), or null on an older Java. */
    private static final MethodHandle FLOAT_TO_FLOAT16 = floatToFloat16();

    /**
     * Each thread's chunk arrays, reused: fresh ones would allocate and zero 1.5 times the weights being converted
     * (70 MB for resnet18) on every conversion.
     */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private Fp16Arrays() {
    }

    private static final class Scratch {
        final float[] in = new float[CHUNK];
        final short[] out = new short[CHUNK];
    }

    private static MethodHandle floatToFloat16() {
        try {
            return MethodHandles.publicLookup().findStatic(Float.class, "floatToFloat16",
                    MethodType.methodType(short.class, float.class));
        } catch (ReflectiveOperationException e) {
            return null; // Java 17 to 19: the portable loop only
        }
    }

    /**
     * Writes the fp16 bits of each of {@code src}'s remaining floats to {@code dst}, element i to element i (both from
     * their positions, which are left unchanged); {@code dst} needs room for as many elements. Returns whether every
     * finite value was within fp16's range (|x| <= 65504; infinities and NaN are values fp16 has), found in the same
     * sweep: a caller that must not lose range can drop the result.
     */
    public static boolean fromFloats(FloatBuffer src, ShortBuffer dst) {
        int n = src.remaining();
        if (dst.remaining() < n) {
            throw new IllegalArgumentException(n + " floats do not fit " + dst.remaining() + " fp16 elements");
        }
        int from = src.position();
        int to = dst.position();
        int chunks = (n + CHUNK - 1) / CHUNK;
        IntStream range = IntStream.range(0, chunks);
        // map, not allMatch: every chunk is converted
        return (n >= PARALLEL_MIN ? range.parallel() : range).map(c -> {
            int start = c * CHUNK;
            int len = Math.min(CHUNK, n - start);
            Scratch scratch = SCRATCH.get();
            float[] in = scratch.in;
            short[] out = scratch.out;
            src.get(from + start, in, 0, len);
            boolean inRange = convert(in, out, len);
            dst.put(to + start, out, 0, len);
            return inRange ? 1 : 0;
        }).reduce(1, Math::min) == 1;
    }

    /**
     * Converts {@code len} floats to the bits of {@link Fp16#fromFloat} without branches (every case is computed and
     * the right one selected); returns whether every finite one was within fp16's range. One loop body on purpose:
     * the first-tier JIT (C1), which the launchers run, inlines no method of this size.
     */
    static boolean convert(float[] in, short[] out, int len) {
        return FLOAT_TO_FLOAT16 != null && convertWithRuntime(in, out, len) || convertPortable(in, out, len);
    }

    /**
     * The runtime's conversion, right for finite values within fp16's range; returns false (and the caller converts
     * again) when a value is beyond it, infinite or NaN: {@code Math.max} carries a NaN through.
     */
    private static boolean convertWithRuntime(float[] in, short[] out, int len) {
        float max = 0f;
        try {
            for (int i = 0; i < len; i++) {
                float x = in[i];
                out[i] = (short) FLOAT_TO_FLOAT16.invokeExact(x);
                max = Math.max(max, Math.abs(x));
            }
        } catch (Throwable e) {
            throw new IllegalStateException("Float.floatToFloat16 failed", e); // it throws nothing
        }
        return max <= 65504f;
    }

    /** The portable conversion ({@link #convert}'s contract). */
    static boolean convertPortable(float[] in, short[] out, int len) {
        boolean inRange = true;
        float magic = Float.intBitsToFloat(SUBNORMAL_MAGIC);
        for (int i = 0; i < len; i++) {
            int f = Float.floatToRawIntBits(in[i]);
            int abs = f & 0x7fffffff;
            // 2^-14 <= |x| < 65520: rebias the exponent, round to nearest even (a carry may run into the exponent)
            int normal = (abs - 0x38000000 + 0x0fff + ((abs >>> 13) & 1)) >>> 13;
            // |x| < 2^-14: a float addition does the rounding to the subnormal step
            int subnormal = Float.floatToRawIntBits(Float.intBitsToFloat(abs) + magic) - SUBNORMAL_MAGIC;
            int r = abs < 0x38800000 ? subnormal : normal;
            r = abs >= 0x477ff000 ? 0x7c00 : r; // rounds to infinity, or is infinite
            r = abs > 0x7f800000 ? 0x7e00 | ((abs >>> 13) & 0x3ff) : r; // NaN, kept quiet and non-zero
            out[i] = (short) (((f >>> 16) & 0x8000) | r);
            inRange &= abs <= FP16_MAX_BITS | abs >= 0x7f800000;
        }
        return inRange;
    }
}
