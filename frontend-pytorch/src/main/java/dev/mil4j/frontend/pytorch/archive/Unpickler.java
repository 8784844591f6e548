package dev.mil4j.frontend.pytorch.archive;

import static java.util.Objects.requireNonNull;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A restricted unpickler for TorchScript archives (pickle protocol 2 and up). It builds only plain data (None, bools,
 * ints, floats, strings, bytes, lists, tuples, dicts) and what a TorchScript archive needs: tensors through
 * {@code torch._utils._rebuild_tensor_v2}, storages through persistent ids, {@code collections.OrderedDict}, the
 * {@code torch.jit._pickle} list helpers, and {@code __torch__.*} module objects as {@link TorchObject}s. A global
 * naming anything else is refused at its {@code GLOBAL} opcode, before anything could be built from it.
 *
 * <p>Every length, memo index and stack access is checked; a malformed pickle gives a {@link PickleException} naming
 * the byte offset and the opcode.
 */
public final class Unpickler {
    /** Turns a persistent id (such as {@code ('storage', torch.FloatStorage, '0', 'cpu', 512)}) into an object. */
    @FunctionalInterface
    public interface PersistentLoader {
        Object load(PyTuple pid);
    }

    private static final Object MARK = new Object();
    private static final int MAX_MEMO = 1 << 22;

    private final String name;
    private final ByteBuffer in;
    private final PersistentLoader loader;
    private final List<Object> stack = new ArrayList<>();
    private final Deque<Integer> marks = new ArrayDeque<>();
    /** How deep tuples may nest in a dict key (TorchScript's keys are strings, ints or flat tuples). */
    static final int MAX_KEY_DEPTH = 64;

    private final Map<Long, Object> memo = new HashMap<>();
    private int opStart;
    private int opcode;

    private Unpickler(String name, byte[] data, PersistentLoader loader) {
        this.name = name;
        this.in = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        this.loader = loader;
    }

    /**
     * Unpickles {@code data}; {@code name} (e.g. {@code data.pkl}) is used in messages.
     *
     * @throws PickleException when the pickle is malformed or asks for something not allowed
     */
    public static Object load(byte[] data, String name, PersistentLoader loader) {
        requireNonNull(data, "data is null");
        requireNonNull(name, "name is null");
        requireNonNull(loader, "loader is null");
        return new Unpickler(name, data, loader).run();
    }

    private Object run() {
        try {
            return loop();
        } catch (BufferUnderflowException e) {
            throw fail("is truncated inside an opcode's argument");
        }
    }

    private Object loop() {
        boolean first = true;
        while (true) {
            if (!in.hasRemaining()) {
                throw fail("ends without a STOP opcode");
            }
            opStart = in.position();
            opcode = in.get() & 0xff;
            if (first && opcode != 0x80) {
                throw fail("is pickle protocol 0 or 1; TorchScript archives use protocol 2 or later");
            }
            first = false;
            switch (opcode) {
                case 0x80 -> { // PROTO
                    int protocol = u8();
                    if (protocol < 2 || protocol > 5) {
                        throw fail("has protocol " + protocol + "; only protocols 2 to 5 are read");
                    }
                }
                case 0x95 -> skip(8); // FRAME: a size hint only
                case '.' -> { // STOP
                    Object result = pop();
                    if (!stack.isEmpty() || !marks.isEmpty()) {
                        throw fail("leaves " + stack.size() + " values on the stack at STOP");
                    }
                    return result;
                }
                case '(' -> {
                    marks.push(stack.size());
                    stack.add(MARK);
                }
                case '0' -> pop();
                case '1' -> popMark();
                case '2' -> push(peek());
                case 'N' -> push(PyNone.NONE);
                case 0x88 -> push(Boolean.TRUE);
                case 0x89 -> push(Boolean.FALSE);
                case 'K' -> push((long) u8());
                case 'M' -> push((long) (in.getShort() & 0xffff));
                case 'J' -> push((long) in.getInt());
                case 0x8a -> push(readLong(u8()));
                case 0x8b -> push(readLong(checkedLength(in.getInt())));
                case 'G' -> push(Double.longBitsToDouble(Long.reverseBytes(in.getLong())));
                case 'X' -> push(utf8(checkedLength(in.getInt())));
                case 0x8c -> push(utf8(u8()));
                case 0x8d -> push(utf8(checkedLength(in.getLong())));
                case 'T' -> push(new String(bytes(checkedLength(in.getInt())), StandardCharsets.ISO_8859_1));
                case 'U' -> push(new String(bytes(u8()), StandardCharsets.ISO_8859_1));
                case 'B' -> push(bytes(checkedLength(in.getInt())));
                case 'C' -> push(bytes(u8()));
                case ']' -> push(new ArrayList<>());
                case 'a' -> list(peekBelow(1)).add(pop());
                case 'e' -> {
                    List<Object> items = popMark();
                    list(peek()).addAll(items);
                }
                case ')' -> push(new PyTuple(List.of()));
                case 't' -> push(new PyTuple(popMark()));
                case 0x85 -> push(new PyTuple(List.of(pop())));
                case 0x86 -> {
                    Object b = pop();
                    push(new PyTuple(List.of(pop(), b)));
                }
                case 0x87 -> {
                    Object c = pop();
                    Object b = pop();
                    push(new PyTuple(List.of(pop(), b, c)));
                }
                case '}' -> push(new LinkedHashMap<>());
                case 's' -> {
                    Object value = pop();
                    Object key = hashable(pop());
                    dict(peek()).put(key, value);
                }
                case 'u' -> {
                    List<Object> items = popMark();
                    if (items.size() % 2 != 0) {
                        throw fail("SETITEMS has an odd number of items");
                    }
                    Map<Object, Object> d = dict(peek());
                    for (int i = 0; i < items.size(); i += 2) {
                        d.put(hashable(items.get(i)), items.get(i + 1));
                    }
                }
                case 'c' -> push(global(line(), line()));
                case 0x93 -> {
                    Object n = pop();
                    Object m = pop();
                    if (!(m instanceof String module) || !(n instanceof String global)) {
                        throw fail("STACK_GLOBAL needs two strings");
                    }
                    push(global(module, global));
                }
                case 'R' -> {
                    Object args = pop();
                    push(PickleCalls.reduce(pop(), tuple(args), this));
                }
                case 0x81 -> {
                    Object args = pop();
                    push(PickleCalls.newObject(pop(), tuple(args), this));
                }
                case 'b' -> {
                    Object state = pop();
                    PickleCalls.build(peek(), state, this);
                }
                case 'Q' -> push(persistent(tuple(pop())));
                case 'h' -> push(memoGet(u8()));
                case 'j' -> push(memoGet(in.getInt() & 0xffffffffL));
                case 'q' -> memoPut(u8());
                case 'r' -> memoPut(in.getInt() & 0xffffffffL);
                case 0x94 -> memoPut(memo.size());
                default -> throw fail("uses opcode 0x" + Integer.toHexString(opcode)
                        + ", which TorchScript archives do not use");
            }
        }
    }

    private Object persistent(PyTuple pid) {
        try {
            return loader.load(pid);
        } catch (PickleException e) {
            throw fail(e.getMessage());
        }
    }

    private PickleGlobal global(String module, String global) {
        if (isQuantized(module, global)) {
            throw fail("holds quantized tensors (`" + module + "." + global + "`): a model quantized with "
                    + "torch.ao.quantization (torchvision's quantize=True) is not converted; convert the float model "
                    + "and compress the Core ML model's weights instead (`mil4j convert ... --quantize int8`)");
        }
        return PickleGlobal.resolve(module, global).orElseThrow(() -> fail("asks for the global `" + module + "."
                + global + "`, which a TorchScript archive does not need; it was refused and not built"));
    }

    /** Globals only a quantized model's pickle names: quantized tensors, their storages and schemes. */
    private static boolean isQuantized(String module, String global) {
        if (module.equals("torch._utils")) {
            return global.equals("_rebuild_qtensor");
        }
        return module.equals("torch") && (global.matches("QU?Int[0-9x]+Storage")
                || global.equals("per_tensor_affine") || global.equals("per_channel_affine"));
    }

    PickleException fail(String what) {
        return new PickleException(name + " " + what + " (opcode " + opName() + " at byte " + opStart + ")");
    }

    private String opName() {
        return opcode >= 0x20 && opcode < 0x7f ? "'" + (char) opcode + "'" : "0x" + Integer.toHexString(opcode);
    }

    private int u8() {
        need(1);
        return in.get() & 0xff;
    }

    private void need(long n) {
        if (n > in.remaining()) {
            throw fail("is truncated: needs " + n + " more bytes, has " + in.remaining());
        }
    }

    private int checkedLength(long n) {
        if (n < 0) {
            throw fail("has a negative length " + n);
        }
        need(n);
        return (int) n;
    }

    private void skip(int n) {
        need(n);
        in.position(in.position() + n);
    }

    private byte[] bytes(int n) {
        need(n);
        byte[] b = new byte[n];
        in.get(b);
        return b;
    }

    private String utf8(int n) {
        return new String(bytes(n), StandardCharsets.UTF_8);
    }

    private String line() {
        int start = in.position();
        while (in.hasRemaining()) {
            if (in.get() == '\n') {
                byte[] b = new byte[in.position() - start - 1];
                in.get(start, b);
                return new String(b, StandardCharsets.UTF_8);
            }
            if (in.position() - start > 1024) {
                break;
            }
        }
        throw fail("has a GLOBAL name that does not end in a newline within 1024 bytes");
    }

    private Object readLong(int n) {
        if (n > 8) {
            throw fail("has an integer of " + n + " bytes; at most 8 are read");
        }
        byte[] b = bytes(n);
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = (v << 8) | (b[i] & 0xff);
        }
        if (n > 0 && n < 8 && (b[n - 1] & 0x80) != 0) {
            v |= -1L << (8 * n);
        }
        return v;
    }

    private void push(Object o) {
        stack.add(o);
    }

    private Object pop() {
        if (stack.isEmpty() || stack.get(stack.size() - 1) == MARK) {
            throw fail("pops from an empty stack");
        }
        return stack.remove(stack.size() - 1);
    }

    private Object peek() {
        return peekBelow(0);
    }

    private Object peekBelow(int depth) {
        int i = stack.size() - 1 - depth;
        if (i < 0 || stack.get(i) == MARK) {
            throw fail("reads below the stack");
        }
        return stack.get(i);
    }

    private List<Object> popMark() {
        if (marks.isEmpty()) {
            throw fail("has no MARK to pop to");
        }
        int at = marks.pop();
        List<Object> items = new ArrayList<>(stack.subList(at + 1, stack.size()));
        stack.subList(at, stack.size()).clear();
        return items;
    }

    private void memoPut(long index) {
        if (memo.size() >= MAX_MEMO && !memo.containsKey(index)) {
            throw fail("memoizes more than " + MAX_MEMO + " values");
        }
        memo.put(index, peek());
    }

    private Object memoGet(long index) {
        Object o = memo.get(index);
        if (o == null) {
            throw fail("reads memo entry " + index + ", which was never stored");
        }
        return o;
    }

    PyTuple tuple(Object o) {
        if (o instanceof PyTuple t) {
            return t;
        }
        throw fail("expects a tuple, got " + describe(o));
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object o) {
        if (o instanceof List<?> l && l instanceof ArrayList<?>) {
            return (List<Object>) l;
        }
        throw fail("appends to " + describe(o) + ", not a list");
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> dict(Object o) {
        if (o instanceof LinkedHashMap<?, ?> m) {
            return (Map<Object, Object>) m;
        }
        throw fail("sets items of " + describe(o) + ", not a dict");
    }

    /**
     * A dict key as Python accepts one: not a list or dict, and a tuple only of such keys (Python raises "unhashable
     * type" otherwise). Hashing is what would recurse: a list can hold itself, and tuples nest as deep as the pickle
     * is long, so containers are refused and tuples are walked without recursion, to a bounded depth.
     */
    private Object hashable(Object key) {
        Deque<Object> pending = new ArrayDeque<>();
        Deque<Integer> depths = new ArrayDeque<>();
        pending.push(key);
        depths.push(0);
        while (!pending.isEmpty()) {
            Object o = pending.pop();
            int depth = depths.pop();
            if (o instanceof List<?> || o instanceof Map<?, ?>) {
                throw fail("uses a " + (o instanceof List<?> ? "list" : "dict")
                        + " as a dict key (unhashable in Python too)");
            }
            if (o instanceof PyTuple t) {
                if (depth >= MAX_KEY_DEPTH) {
                    throw fail("uses a dict key of tuples nested deeper than " + MAX_KEY_DEPTH + " levels");
                }
                for (Object item : t.items()) {
                    pending.push(item);
                    depths.push(depth + 1);
                }
            }
        }
        return key;
    }

    /**
     * What a value is, for a message: containers by kind and size only, as printing their contents could recurse
     * without end (a list can hold itself) or print megabytes.
     */
    static String describe(Object o) {
        if (o instanceof PickleGlobal.Function f) {
            return "the function " + f.module + "." + f.name;
        }
        if (o instanceof PickleGlobal g) {
            return "the global " + g;
        }
        if (o instanceof List<?> l) {
            return "a list of " + l.size() + (l.size() == 1 ? " item" : " items");
        }
        if (o instanceof Map<?, ?> m) {
            return "a dict of " + m.size() + (m.size() == 1 ? " item" : " items");
        }
        if (o instanceof PyTuple t) {
            return "a tuple of " + t.size() + (t.size() == 1 ? " item" : " items");
        }
        if (o instanceof byte[] b) {
            return "bytes of length " + b.length;
        }
        String text = String.valueOf(o);
        return o.getClass().getSimpleName() + " " + (text.length() > 80 ? text.substring(0, 77) + "..." : text);
    }
}
