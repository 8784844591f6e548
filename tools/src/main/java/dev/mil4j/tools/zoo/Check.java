package dev.mil4j.tools.zoo;

import dev.mil4j.core.value.TensorValue;
import java.util.List;

/**
 * How far a model's computed outputs are from what it should compute, over all outputs: from the framework's
 * float32 outputs, and, where the zoo has float64 references, from the exact result, beside the framework's own
 * distance from it. A check passes within a bound when the outputs are that close to the framework's, or at least as
 * close to the exact result as the framework itself is, within a factor of two (deep models with large activations, such as inception_v3,
 * leave PyTorch's float32 output more than 1e-4 from the exact one).
 */
record Check(Agreement framework, Agreement exact, Agreement frameworkExact, String problem) {
    /** The fp32 bound: {@code |err| <= 1e-4 + 1e-4·|expected|}. */
    static final double FP32 = 1e-4;
    /**
     * The fp16 bound: {@code |err| <= 1e-2 + 1e-2·|expected|}, about twenty fp16 ulps at 1 (fp16 has 11 significant
     * bits, 4.9e-4 relative), which deep networks computed in fp16 reach through accumulation.
     */
    static final double FP16 = 1e-2;
    /**
     * fp16's unit roundoff over fp32's (2^-11 / 2^-24): rounding error grows with it, so a model whose float32
     * result already lies {@code d} from the exact one may lie {@code 2^13·d} from it in fp16.
     */
    static final double FP16_OVER_FP32 = 8192;

    static Check failed(String problem) {
        return new Check(null, null, null, problem);
    }

    static Check of(List<TensorValue> actual, Reference expected) {
        if (actual.size() < expected.framework().size()) {
            return failed("only " + actual.size() + " outputs, expected " + expected.framework().size());
        }
        Agreement framework = Agreement.NONE;
        Agreement exact = Agreement.NONE;
        Agreement frameworkExact = Agreement.NONE;
        boolean allExact = true;
        for (int j = 0; j < expected.framework().size(); j++) {
            framework = framework.and(Agreement.of(actual.get(j), expected.framework().get(j)));
            if (expected.hasExact(j)) {
                exact = exact.and(Agreement.of(actual.get(j), expected.exact().get(j)));
                frameworkExact = frameworkExact.and(Agreement.of(expected.framework().get(j), expected.exact().get(j)));
            } else {
                allExact = false;
            }
        }
        return allExact ? new Check(framework, exact, frameworkExact, null)
                : new Check(framework, null, null, null);
    }

    /**
     * Two float32 evaluations of one ill-conditioned model, summed in different orders, land at comparable but not
     * equal distances from the exact result: fp32 passes within this multiple of the framework's own distance.
     */
    static final double FP32_OVER_FRAMEWORK = 2;

    /** Within {@code bound} of the framework, or as close to the exact result as the framework's float32 is. */
    boolean within(double bound) {
        return within(bound, FP32_OVER_FRAMEWORK);
    }

    /**
     * Within {@code bound} of the framework, or as close to the exact result as the framework's float32 would be with
     * its rounding error scaled by {@code roundoffRatio} (1 for fp32, {@link #FP16_OVER_FP32} for fp16).
     */
    boolean within(double bound, double roundoffRatio) {
        if (problem != null) {
            return false;
        }
        return framework.within(bound)
                || exact != null && exact.within(Math.max(bound, roundoffRatio * frameworkExact.worst()));
    }

    @Override
    public String toString() {
        if (problem != null) {
            return problem;
        }
        return exact == null ? framework.toString()
                : framework + " (exact " + exact + ", framework " + frameworkExact + ")";
    }
}
