package dev.mil4j.ops.conv;

import dev.mil4j.core.op.InferenceContext;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.TypeException;
import java.util.Locale;

/**
 * The {@code pad_type} of convolution and pooling ops: how the spatial input is padded before the window slides.
 * {@code same_lower} exists from iOS16 on.
 */
public enum PadType {
    /** No padding. */
    VALID,
    /** Padding so that {@code out = ceil(in / stride)}; an odd amount puts the extra element after. */
    SAME,
    /** The explicit {@code pad} input: before and after each spatial dimension. */
    CUSTOM,
    /** Like {@link #SAME}, but an odd amount puts the extra element before (iOS16+). */
    SAME_LOWER;

    /** The MIL spelling, e.g. {@code same_lower}. */
    public String milName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads const input {@code pad_type}: one of {@code valid, same, custom, same_lower}; {@code same_lower} only
     * when the op's version is iOS16 or later.
     */
    public static PadType read(InferenceContext ctx, Opset version) {
        String text = ctx.constValue("pad_type").scalarString();
        for (PadType t : values()) {
            if (t.milName().equals(text)) {
                if (t == SAME_LOWER && version.compareTo(Opset.IOS16) < 0) {
                    throw new TypeException("pad_type", "is same_lower, which needs iOS16 or later; target iOS16 "
                            + "or use custom padding");
                }
                return t;
            }
        }
        throw new TypeException("pad_type", "must be one of valid, same, custom, same_lower; got '" + text + "'");
    }

    /**
     * The output size of spatial dimension {@code axis} for a window of {@code kernel} (already dilated).
     *
     * @param pad the custom padding (2 values per spatial dimension), used only for {@link #CUSTOM}
     */
    public Dim output(Dim in, long kernel, long stride, long[] pad, boolean ceilMode, int axis) {
        return switch (this) {
            case SAME, SAME_LOWER -> SpatialDims.ceilDiv(in, stride);
            case VALID -> SpatialDims.window(in, kernel, stride, 0, ceilMode, axis);
            case CUSTOM -> SpatialDims.window(in, kernel, stride, pad[2 * axis] + pad[2 * axis + 1], ceilMode, axis);
        };
    }
}
