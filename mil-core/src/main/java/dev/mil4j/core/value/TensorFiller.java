package dev.mil4j.core.value;

import static java.util.Objects.requireNonNull;

import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Builds a numeric or bool {@link TensorValue} element by element, in row-major order, straight into its packed
 * little-endian storage. Values are converted as by {@link TensorValue#fromDoubles} and
 * {@link TensorValue#fromLongs}: rounded to nearest for fp16, truncated toward zero for integers from doubles,
 * wrapped to the width of small integer dtypes, non-zero is true for bool.
 *
 * <p>The storage starts small and doubles as elements arrive, never beyond the declared size, so a shape that
 * declares more elements than are ever given (a mistake or a hostile input) costs only what was given. {@link #build()}
 * fails unless exactly the declared number of elements was given. Made by {@link TensorValue#filler}; not thread-safe.
 *
 * <pre>{@code
 * TensorFiller f = TensorValue.filler(DType.FP16, Shape.of(2));
 * TensorValue v = f.putDouble(0.1).putLong(3).build();
 * }</pre>
 */
public final class TensorFiller {
    private static final int INITIAL_BYTES = 1 << 20;
    private static final long MAX_BYTES = Integer.MAX_VALUE - 8;

    private final DType dtype;
    private final Shape shape;
    private final long size;
    private final int elementBytes;
    private ByteBuffer data;
    private long count;
    private boolean built;

    TensorFiller(DType dtype, Shape shape) {
        requireNonNull(dtype, "dtype is null");
        requireNonNull(shape, "shape is null");
        if (dtype == DType.STRING) {
            throw new IllegalArgumentException("string tensors are made with ofStrings");
        }
        this.dtype = dtype;
        this.shape = shape;
        this.size = shape.elementCount().orElseThrow(
                () -> new IllegalArgumentException("a constant needs a static shape, got " + shape));
        this.elementBytes = dtype.byteSize();
        long initial = Math.min(size, INITIAL_BYTES / elementBytes);
        this.data = ByteBuffer.allocate((int) (initial * elementBytes)).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Appends one element given as a double (fp16 rounds, integers truncate toward zero, bool is non-zero). */
    public TensorFiller putDouble(double v) {
        room();
        TensorValue.putDouble(data, dtype, v);
        count++;
        return this;
    }

    /** Appends one element given as a long (exact for every integer dtype that holds it). */
    public TensorFiller putLong(long v) {
        room();
        TensorValue.putLong(data, dtype, v);
        count++;
        return this;
    }

    /** Appends one element given as a boolean (1 or 0 in a numeric dtype). */
    public TensorFiller putBoolean(boolean v) {
        return putLong(v ? 1 : 0);
    }

    /** The number of elements given so far. */
    public long count() {
        return count;
    }

    /** The number of elements the shape declares. */
    public long size() {
        return size;
    }

    /** Whether the declared number of elements has been given (no more are taken). */
    public boolean isFull() {
        return count == size;
    }

    /** The tensor, over the filled storage without a copy; fails unless the filler is exactly full. */
    public TensorValue build() {
        checkOpen();
        if (count != size) {
            throw new IllegalStateException(type() + " needs " + size + " elements, got " + count);
        }
        built = true;
        data.flip();
        return TensorValue.packed(dtype, shape, data);
    }

    private void room() {
        checkOpen();
        if (data.hasRemaining()) {
            return;
        }
        if (count == size) {
            throw new IllegalStateException(type() + " is full: it holds " + size + " elements");
        }
        long capacity = data.capacity() / elementBytes;
        long grown = Math.min(size, Math.max(1, capacity * 2));
        if (grown > MAX_BYTES / elementBytes) {
            grown = MAX_BYTES / elementBytes;
            if (grown <= capacity) {
                throw new IllegalStateException(type() + " does not fit in memory: a constant holds at most "
                        + MAX_BYTES + " bytes");
            }
        }
        ByteBuffer bigger = ByteBuffer.allocate((int) (grown * elementBytes)).order(ByteOrder.LITTLE_ENDIAN);
        data.flip();
        bigger.put(data);
        data = bigger;
    }

    private void checkOpen() {
        if (built) {
            throw new IllegalStateException("this filler already built its " + type());
        }
    }

    private TensorType type() {
        return new TensorType(dtype, shape);
    }
}
