package dev.mil4j.frontend.pytorch.archive;

import static java.util.Objects.requireNonNull;

import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

/**
 * A tensor of an archive as {@code torch._utils._rebuild_tensor_v2} describes it: a storage, an offset into it (in
 * elements), sizes and strides. The constructor checks that every element the sizes and strides reach lies inside the
 * storage, so {@link #toValue()} cannot read out of bounds.
 */
public record TorchTensor(TorchStorage storage, long storageOffset, List<Long> sizes, List<Long> strides) {
    public TorchTensor {
        requireNonNull(storage, "storage is null");
        sizes = List.copyOf(sizes);
        strides = List.copyOf(strides);
        if (sizes.size() != strides.size()) {
            throw new PickleException("tensor on " + storage + " has " + sizes.size() + " sizes but "
                    + strides.size() + " strides");
        }
        if (storageOffset < 0) {
            throw new PickleException("tensor on " + storage + " has a negative storage offset " + storageOffset);
        }
        long count = 1;
        long last = storageOffset;
        for (int i = 0; i < sizes.size(); i++) {
            long size = sizes.get(i);
            long stride = strides.get(i);
            if (size < 0 || stride < 0) {
                throw new PickleException("tensor on " + storage + " has a negative size or stride: sizes " + sizes
                        + ", strides " + strides);
            }
            try {
                count = Math.multiplyExact(count, size);
                if (size > 0) {
                    last = Math.addExact(last, Math.multiplyExact(size - 1, stride));
                }
            } catch (ArithmeticException e) {
                throw new PickleException("tensor on " + storage + " with sizes " + sizes + " and strides " + strides
                        + " has more elements than 64 bits can count; the archive is corrupt");
            }
        }
        if (count > 0 && last >= storage.numel()) {
            throw new PickleException("tensor with sizes " + sizes + ", strides " + strides + " and offset "
                    + storageOffset + " reaches element " + last + " of " + storage + ", which has only "
                    + storage.numel() + " elements");
        }
    }

    public long elementCount() {
        long n = 1;
        for (long s : sizes) {
            n *= s;
        }
        return n;
    }

    /** Whether the elements are laid out densely in row-major order (sizes of 1 may have any stride). */
    public boolean isContiguous() {
        long expected = 1;
        for (int i = sizes.size() - 1; i >= 0; i--) {
            if (sizes.get(i) != 1 && strides.get(i) != expected) {
                return false;
            }
            expected *= sizes.get(i);
        }
        return true;
    }

    public Shape shape() {
        return Shape.of(sizes.stream().mapToLong(Long::longValue).toArray());
    }

    /**
     * The tensor as a MIL constant of the same dtype: a view of the storage (no copy) when contiguous, else a packed
     * copy.
     *
     * @throws PickleException for bfloat16, which MIL has no dtype for
     */
    public TensorValue toValue() {
        TorchDType t = storage.dtype();
        DType dtype = t.milType().orElseThrow(() -> new PickleException("tensor on " + storage + " is " + t
                + ", which MIL cannot hold; convert the model to float32 (model.float()) before saving it"));
        int item = t.byteSize();
        long count = elementCount();
        if (count > (Integer.MAX_VALUE - 8) / item || storageOffset > (Integer.MAX_VALUE - 8) / item - count) {
            throw new PickleException(this + " holds more than 2 GB, more than one MIL constant can");
        }
        ByteBuffer src = storage.data();
        if (isContiguous()) {
            int from = Math.toIntExact(storageOffset * item);
            ByteBuffer view = src.duplicate().position(from).limit(Math.toIntExact(from + count * item)).slice();
            return TensorValue.wrap(dtype, shape(), view);
        }
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(count * item)).order(ByteOrder.LITTLE_ENDIAN);
        long[] index = new long[sizes.size()];
        for (long n = 0; n < count; n++) {
            long element = storageOffset;
            for (int d = 0; d < index.length; d++) {
                element += index[d] * strides.get(d);
            }
            int at = Math.toIntExact(element * item);
            for (int b = 0; b < item; b++) {
                out.put(src.get(at + b));
            }
            for (int d = index.length - 1; d >= 0; d--) {
                if (++index[d] < sizes.get(d)) {
                    break;
                }
                index[d] = 0;
            }
        }
        out.flip();
        return TensorValue.wrap(dtype, shape(), out);
    }

    @Override
    public String toString() {
        return "tensor " + storage.dtype() + Arrays.toString(sizes.toArray()) + " on " + storage.entry();
    }
}
