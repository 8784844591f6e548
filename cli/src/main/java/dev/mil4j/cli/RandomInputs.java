package dev.mil4j.cli;

import dev.mil4j.core.ir.Function;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.DimBound;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.value.TensorValue;
import java.util.SplittableRandom;

/**
 * Random values of a function's inputs, reproducible from a seed: floating inputs standard normal, integer inputs
 * uniform in {@code [0, 8)} (small, so that they are valid indices of most embeddings and gathers), booleans fair
 * coins. Each input draws from a generator of its own, seeded with the seed and the input's position, so an input's
 * values do not depend on the others. A symbolic dimension takes the lower end of its range, or 1.
 */
final class RandomInputs {
    static final int INTEGER_BOUND = 8;

    private RandomInputs() {
    }

    static TensorValue of(Function main, Var input, long seed) {
        if (!(input.type() instanceof TensorType t)) {
            throw new Mil4j.UsageException("input '" + input.name() + "' is a " + input.type() + "; only tensors can "
                    + "be random: give it with --input " + input.name() + "=FILE.npy");
        }
        long[] sizes = new long[t.shape().rank()];
        long count = 1;
        for (int i = 0; i < sizes.length; i++) {
            Dim d = t.shape().dim(i);
            sizes[i] = d.isKnown() ? d.size() : d instanceof Dim.Symbol s
                    ? main.dimBound(s.name()).map(DimBound::lower).filter(l -> l > 0).orElse(1L) : 1;
            count *= sizes[i];
        }
        Shape shape = Shape.of(sizes);
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + main.inputs().indexOf(input));
        int n = Math.toIntExact(count);
        DType dtype = t.dtype();
        if (dtype == DType.BOOL) {
            boolean[] b = new boolean[n];
            for (int i = 0; i < n; i++) {
                b[i] = random.nextBoolean();
            }
            return TensorValue.ofBools(shape, b);
        }
        if (dtype == DType.FP16 || dtype == DType.FP32 || dtype == DType.FP64) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = gaussian(random);
            }
            return TensorValue.fromDoubles(dtype, shape, v);
        }
        if (dtype == DType.STRING) {
            throw new Mil4j.UsageException("input '" + input.name() + "' holds strings; give it with --input "
                    + input.name() + "=FILE.npy");
        }
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextInt(INTEGER_BOUND);
        }
        return TensorValue.fromLongs(dtype, shape, v);
    }

    /** A standard normal value (Box-Muller), from the generator alone so that it is the same on every JVM. */
    private static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
