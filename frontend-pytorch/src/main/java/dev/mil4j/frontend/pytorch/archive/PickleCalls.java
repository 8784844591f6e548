package dev.mil4j.frontend.pytorch.archive;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the allowed globals build when a pickle calls them ({@code REDUCE}, {@code NEWOBJ}, {@code BUILD}). */
final class PickleCalls {
    private PickleCalls() {
    }

    static Object reduce(Object callable, PyTuple args, Unpickler u) {
        if (callable instanceof PickleGlobal.Function f) {
            return switch (f) {
                case REBUILD_TENSOR_V2 -> rebuildTensor(args, u);
                case REBUILD_PARAMETER, REBUILD_PARAMETER_WITH_STATE -> {
                    // (data, requires_grad, backward_hooks[, state]): the data is the value; the rest is training
                    arity(f, args, f == PickleGlobal.Function.REBUILD_PARAMETER ? 3 : 4,
                            f == PickleGlobal.Function.REBUILD_PARAMETER ? 3 : 4, u);
                    if (!(args.get(0) instanceof TorchTensor t)) {
                        throw u.fail("calls _rebuild_parameter on " + Unpickler.describe(args.get(0)));
                    }
                    yield t;
                }
                case ORDERED_DICT -> {
                    arity(f, args, 0, 0, u);
                    yield new LinkedHashMap<>();
                }
                case BUILD_INTLIST, BUILD_DOUBLELIST, BUILD_BOOLLIST, BUILD_TENSORLIST -> {
                    arity(f, args, 1, 1, u);
                    if (!(args.get(0) instanceof List<?> l)) {
                        throw u.fail("calls " + f.name + " on " + Unpickler.describe(args.get(0)));
                    }
                    yield new ArrayList<Object>(l);
                }
                case RESTORE_TYPE_TAG -> {
                    arity(f, args, 2, 2, u);
                    yield args.get(0);
                }
            };
        }
        if (callable instanceof PickleGlobal.ModuleClass c) {
            return newObject(c, args, u);
        }
        throw u.fail("calls " + Unpickler.describe(callable) + ", which is not callable");
    }

    static Object newObject(Object cls, PyTuple args, Unpickler u) {
        if (cls instanceof PickleGlobal.ModuleClass c) {
            if (args.size() != 0) {
                throw u.fail("creates a " + c.qualifiedName() + " with arguments; TorchScript objects take none");
            }
            return new TorchObject(c.qualifiedName());
        }
        throw u.fail("creates an object of " + Unpickler.describe(cls) + ", which is not a TorchScript class");
    }

    static void build(Object target, Object state, Unpickler u) {
        if (target instanceof TorchObject o && state instanceof Map<?, ?> m) {
            o.setState(m);
            return;
        }
        if (state == PyNone.NONE) {
            return;
        }
        throw u.fail("sets the state of " + Unpickler.describe(target) + " to " + Unpickler.describe(state));
    }

    private static TorchTensor rebuildTensor(PyTuple args, Unpickler u) {
        arity(PickleGlobal.Function.REBUILD_TENSOR_V2, args, 6, 7, u);
        if (!(args.get(0) instanceof TorchStorage storage)) {
            throw u.fail("rebuilds a tensor on " + Unpickler.describe(args.get(0)) + ", not a storage");
        }
        long offset = integer(args.get(1), "storage offset", u);
        List<Long> sizes = integers(args.get(2), "sizes", u);
        List<Long> strides = integers(args.get(3), "strides", u);
        try {
            return new TorchTensor(storage, offset, sizes, strides);
        } catch (PickleException e) {
            throw u.fail("has a bad tensor: " + e.getMessage());
        }
    }

    private static void arity(PickleGlobal.Function f, PyTuple args, int min, int max, Unpickler u) {
        if (args.size() < min || args.size() > max) {
            throw u.fail("calls " + f.module + "." + f.name + " with " + args.size() + " arguments; it takes "
                    + (min == max ? String.valueOf(min) : min + " to " + max));
        }
    }

    private static long integer(Object o, String what, Unpickler u) {
        if (o instanceof Long l) {
            return l;
        }
        throw u.fail("gives a tensor " + what + " that is not an integer: " + Unpickler.describe(o));
    }

    private static List<Long> integers(Object o, String what, Unpickler u) {
        if (!(o instanceof PyTuple t)) {
            throw u.fail("gives tensor " + what + " that are not a tuple: " + Unpickler.describe(o));
        }
        List<Long> out = new ArrayList<>(t.size());
        for (Object item : t.items()) {
            out.add(integer(item, what, u));
        }
        return out;
    }
}
