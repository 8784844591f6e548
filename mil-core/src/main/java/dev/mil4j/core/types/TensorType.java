package dev.mil4j.core.types;

import static java.util.Objects.requireNonNull;

/** A tensor of one dtype and a shape; rank 0 is a scalar. */
public record TensorType(DType dtype, Shape shape) implements ValueType {

    public TensorType {
        requireNonNull(dtype, "dtype is null");
        requireNonNull(shape, "shape is null");
    }

    public static TensorType of(DType dtype, long... sizes) {
        return new TensorType(dtype, Shape.of(sizes));
    }

    public static TensorType of(DType dtype, Dim... dims) {
        return new TensorType(dtype, Shape.of(dims));
    }

    public static TensorType scalar(DType dtype) {
        return new TensorType(dtype, Shape.scalar());
    }

    public int rank() {
        return shape.rank();
    }

    public boolean isScalar() {
        return shape.rank() == 0;
    }

    public TensorType withDtype(DType d) {
        return d == dtype ? this : new TensorType(d, shape);
    }

    public TensorType withShape(Shape s) {
        return s.equals(shape) ? this : new TensorType(dtype, s);
    }

    @Override
    public String toString() {
        return dtype.milName() + shape;
    }
}
