package dev.mil4j.converter;

import static java.util.Objects.requireNonNull;

import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import java.util.Optional;

/**
 * A user's description of one model input: its name, and optionally its shape (static sizes and named symbols, as
 * in {@code 1x3xHxW}) and dtype. TorchScript inputs are positional: the i-th input type describes the i-th argument
 * of {@code forward}; TensorFlow and ONNX inputs are matched by name and default to the model's own shapes.
 */
public record InputType(String name, Optional<Shape> shape, Optional<DType> dtype) {
    public InputType {
        requireNonNull(name, "name is null");
        requireNonNull(shape, "shape is null");
        requireNonNull(dtype, "dtype is null");
    }

    public static InputType of(String name, Shape shape) {
        return new InputType(name, Optional.of(shape), Optional.empty());
    }

    public static InputType of(String name, Shape shape, DType dtype) {
        return new InputType(name, Optional.of(shape), Optional.of(dtype));
    }

    /**
     * Parses the command-line form {@code NAME[:DIMS[:DTYPE]]}, e.g. {@code image:1x3x224x224:fp32} or
     * {@code tokens:1xS:int32}.
     *
     * @throws IllegalArgumentException with a message saying what is wrong and the expected form
     */
    public static InputType parse(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length > 3 || parts[0].isEmpty()) {
            throw new IllegalArgumentException("bad input '" + text + "': expected NAME[:DIMS[:DTYPE]], e.g. "
                    + "x:1x3x224x224:fp32");
        }
        Optional<Shape> shape = parts.length > 1 && !parts[1].isEmpty()
                ? Optional.of(Shape.parse(parts[1])) : Optional.empty();
        Optional<DType> dtype = Optional.empty();
        if (parts.length == 3) {
            dtype = Optional.of(DType.fromMilName(parts[2]).orElseThrow(() -> new IllegalArgumentException(
                    "bad dtype '" + parts[2] + "' in input '" + text + "': use fp32, fp16, int32, int64 or bool")));
        }
        return new InputType(parts[0], shape, dtype);
    }

    @Override
    public String toString() {
        return name + shape.map(s -> ":" + s.toCompactString()).orElse("") + dtype.map(d -> ":" + d).orElse("");
    }
}
