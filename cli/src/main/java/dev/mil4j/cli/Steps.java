package dev.mil4j.cli;

import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The arrays of {@code run --steps N}: each input array holds the N steps' values along a leading axis, and each
 * output is written with the N steps' values along a leading axis.
 */
final class Steps {
    private Steps() {
    }

    /** The shape of one step's value of an input of {@code n} steps; a usage error when it has no such axis. */
    static Shape stepShape(String name, TensorValue v, int n) {
        if (v.shape().rank() == 0 || v.shape().dim(0).size() != n) {
            throw new Mil4j.UsageException("--steps " + n + ": input '" + name + "' has shape " + v.shape()
                    + "; with several steps each input holds one value per step along a leading axis of " + n
                    + " (e.g. np.stack([x1, x2, ...]))");
        }
        return v.shape().slice(1, v.shape().rank());
    }

    /** Step {@code i}'s inputs: slice {@code i} of each stacked array. */
    static Map<String, TensorValue> step(Map<String, TensorValue> stacked, int i, int n) {
        Map<String, TensorValue> out = new LinkedHashMap<>();
        stacked.forEach((name, v) -> {
            Shape one = stepShape(name, v, n);
            int bytes = Math.toIntExact(v.byteSize() / n);
            ByteBuffer all = v.buffer();
            ByteBuffer slice = all.slice(all.position() + i * bytes, bytes).order(ByteOrder.LITTLE_ENDIAN);
            out.put(name, TensorValue.wrap(v.dtype(), one, slice));
        });
        return out;
    }

    /** Each output's values of all steps, stacked along a new leading axis. */
    static Map<String, TensorValue> stack(List<Map<String, TensorValue>> steps) {
        Map<String, TensorValue> out = new LinkedHashMap<>();
        for (String name : steps.get(0).keySet()) {
            List<TensorValue> values = new ArrayList<>();
            steps.forEach(s -> values.add(s.get(name)));
            TensorValue first = values.get(0);
            ByteBuffer all = ByteBuffer.allocate(Math.toIntExact(first.byteSize() * values.size()))
                    .order(ByteOrder.LITTLE_ENDIAN);
            for (TensorValue v : values) {
                if (!v.shape().equals(first.shape())) {
                    throw new Mil4j.UsageException("output '" + name + "' has shape " + first.shape() + " in step 1"
                            + " but " + v.shape() + " in another; --steps stacks outputs of one shape");
                }
                all.put(v.buffer());
            }
            List<Long> dims = new ArrayList<>();
            dims.add((long) values.size());
            for (long d : first.shape().toLongArray()) {
                dims.add(d);
            }
            out.put(name, TensorValue.wrap(first.dtype(), Shape.of(dims.stream().mapToLong(Long::longValue)
                    .toArray()), all.flip()));
        }
        return out;
    }
}
