package dev.mil4j.converter.spi;

import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.diag.Diagnostic;
import dev.mil4j.core.diag.Location;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.Shape;

/**
 * What the translation context of every frontend offers a translation: the builder positioned at the source node,
 * errors that name the node (and its location), and the operand checks built on them that translations of all
 * frameworks share (axes, static shapes, 32-bit integers).
 */
public interface TranslationContext {
    /** The builder to emit the node's MIL ops with: positioned in the current block, the node's location set. */
    Builder builder();

    /** The location of the node being translated (the builder's). */
    default Location location() {
        return builder().location();
    }

    /** The node being translated for messages, such as {@code TensorFlow node `conv1` (Conv2D)}. */
    String describeNode();

    /** An error about the node being translated, to throw. */
    default ConversionException error(String message) {
        return new ConversionException(Diagnostic.error(describeNode() + ": " + message).at(location()));
    }

    /** An error about the node being translated with a hint saying what to do, to throw. */
    default ConversionException error(String message, String hint) {
        return new ConversionException(Diagnostic.error(describeNode() + ": " + message).at(location())
                .withHint(hint));
    }

    /** An axis in {@code [-rank, rank)} made non-negative; an error naming the node otherwise. */
    default int axis(long axis, int rank) {
        if (axis < -rank || axis >= rank) {
            throw error("axis " + axis + " is out of range for rank " + rank);
        }
        return (int) (axis < 0 ? axis + rank : axis);
    }

    /** Each of {@code axes} made non-negative ({@link #axis}). */
    default int[] axes(long[] axes, int rank) {
        int[] out = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            out[i] = axis(axes[i], rank);
        }
        return out;
    }

    /** Integer attribute or constant values as 32-bit ints; an error naming the node when one does not fit. */
    default int[] ints(long[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            if (values[i] != (int) values[i]) {
                throw error("value " + values[i] + " does not fit in 32 bits");
            }
            out[i] = (int) values[i];
        }
        return out;
    }

    /** The static shape of {@code x}, or an error saying that the node needs one ({@code why}). */
    default long[] staticShape(Var x, String why) {
        Shape s = x.tensorType().shape();
        if (!s.isStatic()) {
            throw error(why + " needs a static input shape, got " + s,
                    "give the model's inputs fixed shapes (InputType) when converting");
        }
        return s.toLongArray();
    }
}
