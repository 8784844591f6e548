package dev.mil4j.core.pass.common;

import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.value.TensorValue;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The constants of one block seen so far, to find an equal one without hashing every weight whole: constants are
 * grouped by type (dtype and shape) and a fingerprint of a few words sampled across their bytes; only constants
 * in the same group are compared, in full, and a group that grows past {@value #LIST_MAX} members (many different
 * tensors alike at the samples, such as mostly-zero ones) is indexed by full content hash from then on.
 */
final class ConstIndex {
    /** Words (8 bytes) sampled from a tensor; a tensor of at most this many words is read whole. */
    static final int SAMPLES = 64;
    private static final int LIST_MAX = 8;

    private final Map<Key, Group> groups = new HashMap<>();

    private record Key(TensorType type, long fingerprint) {
    }

    /** Constants with one key: compared one by one, or by full hash once there are many. */
    private static final class Group {
        private List<Operation> list = new ArrayList<>(1);
        private Map<TensorValue, Operation> hashed;
    }

    /**
     * The first constant added whose value equals {@code value}, or null when there is none, in which case
     * {@code op} (whose value it is) is added.
     */
    Operation putIfAbsent(TensorValue value, Operation op) {
        Group g = groups.computeIfAbsent(new Key(value.type(), fingerprint(value)), k -> new Group());
        if (g.hashed != null) {
            return g.hashed.putIfAbsent(value, op);
        }
        for (Operation o : g.list) {
            if (o.output().value().orElseThrow().equals(value)) {
                return o;
            }
        }
        g.list.add(op);
        if (g.list.size() > LIST_MAX) {
            g.hashed = new HashMap<>();
            for (Operation o : g.list) {
                g.hashed.putIfAbsent(o.output().value().orElseThrow(), o);
            }
            g.list = null;
        }
        return null;
    }

    /** A hash of up to {@link #SAMPLES} words spread evenly over the tensor's bytes, and its last bytes. */
    static long fingerprint(TensorValue value) {
        if (value.dtype() == dev.mil4j.core.types.DType.STRING) {
            return value.hashCode();
        }
        ByteBuffer b = value.buffer();
        int n = b.capacity();
        int words = n / 8;
        long h = n;
        int step = Math.max(1, words / SAMPLES);
        for (int w = 0; w < words; w += step) {
            h = h * 0x9E3779B97F4A7C15L + b.getLong(8 * w);
        }
        for (int i = Math.max(8 * words, n - 8); i < n; i++) {
            h = h * 31 + b.get(i);
        }
        if (words > 0) {
            h = h * 0x9E3779B97F4A7C15L + b.getLong(n - 8);
        }
        return h;
    }
}
