package dev.mil4j.frontend.pytorch.translate;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.frontend.pytorch.TorchTranslationContext;
import dev.mil4j.ops.TensorOps;
import java.util.Arrays;
import java.util.List;

/**
 * Padding and rolling of trailing dims for {@link TensorTranslations}: torch lists pads from the last dim backwards
 * ({@code [left, right, top, bottom]}), MIL from the first. Constant, reflect and replicate pads are a MIL
 * {@code pad}; circular pads and {@code roll} concatenate slices of the input.
 */
final class Pads {
    private Pads() {
    }

    /** {@code x} padded by torch's pad list in {@code mode} (constant, reflect, replicate or circular). */
    static Var pad(TorchTranslationContext c, Var x, int[] torchPad, String mode, double value) {
        int dims = torchPad.length / 2;
        int rank = x.tensorType().rank();
        if (torchPad.length % 2 != 0 || dims > rank) {
            throw c.error("pad " + Arrays.toString(torchPad) + " needs two entries per padded dim, at most "
                    + 2 * rank);
        }
        if (Arrays.stream(torchPad).anyMatch(p -> p < 0)) {
            throw c.error("negative padding " + Arrays.toString(torchPad) + " (cropping) is not supported");
        }
        int[] pad = new int[2 * dims];
        for (int j = 0; j < dims; j++) {
            int fromLast = dims - 1 - j;
            pad[2 * j] = torchPad[2 * fromLast];
            pad[2 * j + 1] = torchPad[2 * fromLast + 1];
        }
        switch (mode) {
            case "constant" -> {
                return c.builder().op("pad").input("x", x).input("pad", TensorValue.vector(pad))
                        .input("mode", TensorValue.scalar("constant"))
                        .input("constant_val", TensorValue.fromDoubles(x.tensorType().dtype(),
                                Shape.scalar(), value)).output();
            }
            case "reflect", "replicate" -> {
                return TensorOps.pad(c.builder(), x, pad, mode);
            }
            case "circular" -> {
                Var y = x;
                for (int j = 0; j < dims; j++) {
                    int axis = rank - dims + j;
                    int size = size(c, y, axis);
                    if (pad[2 * j] > size || pad[2 * j + 1] > size) {
                        throw c.error("circular pad " + Arrays.toString(torchPad) + " wraps more than once around "
                                + "dim " + axis + " of size " + size);
                    }
                    y = concatParts(c.builder(), List.of(
                            TensorOps.sliceAlong(c.builder(), y, axis, size - pad[2 * j], size), y,
                            TensorOps.sliceAlong(c.builder(), y, axis, 0, pad[2 * j + 1])), axis);
                }
                return y;
            }
            default -> throw c.error("pad mode '" + mode + "' is not supported; use constant, reflect, replicate or "
                    + "circular");
        }
    }

    /** {@code roll(x, shifts, dims)}: elements shifted along each dim, wrapping around; no dims rolls flat. */
    static Var roll(TorchTranslationContext c, Var x, int[] shifts, int[] dims) {
        Builder b = c.builder();
        if (dims.length == 0) {
            Var flat = TensorOps.reshape(b, x, -1);
            Var rolled = roll(c, flat, shifts, new int[] {0});
            return TensorOps.reshape(b, rolled, Shapes.vector(c, Shapes.dims(c, x, 0, x.tensorType().rank())));
        }
        if (shifts.length != dims.length) {
            throw c.error("roll has " + shifts.length + " shifts for " + dims.length + " dims");
        }
        Var y = x;
        for (int i = 0; i < dims.length; i++) {
            int axis = Shapes.axis(c, dims[i], x.tensorType().rank());
            int size = size(c, y, axis);
            int s = Math.floorMod(shifts[i], size);
            if (s != 0) {
                y = concatParts(b, List.of(TensorOps.sliceAlong(b, y, axis, size - s, size),
                        TensorOps.sliceAlong(b, y, axis, 0, size - s)), axis);
            }
        }
        return y;
    }

    private static int size(TorchTranslationContext c, Var x, int axis) {
        Dim d = x.tensorType().shape().dim(axis);
        if (!d.isKnown()) {
            throw c.error("`" + c.node().kind() + "` along symbolic dim " + d + " is not supported; give the input a "
                    + "static shape");
        }
        return (int) d.size();
    }

    private static Var concatParts(Builder b, List<Var> parts, int axis) {
        List<Var> nonEmpty = parts.stream().filter(p -> p.tensorType().shape().dim(axis).size() != 0).toList();
        return nonEmpty.size() == 1 ? nonEmpty.get(0) : TensorOps.concat(b, nonEmpty, axis);
    }
}
