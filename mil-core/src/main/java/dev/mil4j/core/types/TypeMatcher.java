package dev.mil4j.core.types;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares inferred types with declared ones where inference minted fresh symbols (sizes known only at run time,
 * such as the length of {@code non_zero}'s output): a minted symbol matches any symbol, consistently (the same
 * minted symbol always stands for the same declared one); everything else must be equal.
 */
public final class TypeMatcher {
    private TypeMatcher() {
    }

    public static boolean matches(List<ValueType> inferred, List<ValueType> declared, Set<Dim> minted) {
        if (minted.isEmpty()) {
            return inferred.equals(declared);
        }
        if (inferred.size() != declared.size()) {
            return false;
        }
        Map<Dim, Dim> binding = new HashMap<>();
        for (int i = 0; i < inferred.size(); i++) {
            if (!matches(inferred.get(i), declared.get(i), minted, binding)) {
                return false;
            }
        }
        return true;
    }

    private static boolean matches(ValueType a, ValueType b, Set<Dim> minted, Map<Dim, Dim> binding) {
        if (a instanceof TensorType ta && b instanceof TensorType tb) {
            return ta.dtype() == tb.dtype() && matches(ta.shape(), tb.shape(), minted, binding);
        }
        if (a instanceof ListType la && b instanceof ListType lb) {
            return matches(la.elementType(), lb.elementType(), minted, binding)
                    && dim(la.length(), lb.length(), minted, binding);
        }
        if (a instanceof StateType sa && b instanceof StateType sb) {
            return matches(sa.wrappedType(), sb.wrappedType(), minted, binding);
        }
        if (a instanceof DictType da && b instanceof DictType db) {
            return da.equals(db);
        }
        return false;
    }

    private static boolean matches(Shape a, Shape b, Set<Dim> minted, Map<Dim, Dim> binding) {
        if (a.rank() != b.rank()) {
            return false;
        }
        for (int i = 0; i < a.rank(); i++) {
            if (!dim(a.dim(i), b.dim(i), minted, binding)) {
                return false;
            }
        }
        return true;
    }

    private static boolean dim(Dim a, Dim b, Set<Dim> minted, Map<Dim, Dim> binding) {
        if (minted.contains(a) && !b.isKnown()) {
            Dim bound = binding.putIfAbsent(a, b);
            return bound == null || bound.equals(b);
        }
        return a.equals(b);
    }
}
