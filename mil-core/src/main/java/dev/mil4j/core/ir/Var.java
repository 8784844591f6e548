package dev.mil4j.core.ir;

import static java.util.Objects.requireNonNull;

import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A value in SSA form: the output of an operation, or an input of a function or block. It knows its type, its
 * producer, its constant value when it has one, and all its uses, which every mutation keeps up to date, so
 * {@link #replaceAllUsesWith} costs O(uses).
 */
public final class Var {
    private static final Use[] NO_USES = new Use[0];

    private String name;
    private ValueType type;
    private final Operation producer;
    private final TensorValue value;
    private Use[] uses = NO_USES;
    private int useCount;

    Var(String name, ValueType type, Operation producer, TensorValue value) {
        this.name = requireNonNull(name, "name is null");
        this.type = requireNonNull(type, "type is null");
        this.producer = producer;
        this.value = value;
    }

    public String name() {
        return name;
    }

    /** Renames the var (names must stay unique within a function; see the name-sanitizing pass). */
    public void rename(String newName) {
        this.name = requireNonNull(newName, "newName is null");
    }

    public ValueType type() {
        return type;
    }

    /** The type as a tensor type; a {@link TypeException} when it is a list. */
    public TensorType tensorType() {
        return type.asTensor();
    }

    /** Changes the type; only for passes that change an op's outputs in place and re-infer (e.g. precision). */
    public void setType(ValueType newType) {
        this.type = requireNonNull(newType, "newType is null");
    }

    /** The operation that produces this var; empty for function and block inputs. */
    public Optional<Operation> producer() {
        return Optional.ofNullable(producer);
    }

    /** The constant value, for outputs of {@code const} ops. */
    public Optional<TensorValue> value() {
        return Optional.ofNullable(value);
    }

    public boolean isConst() {
        return value != null;
    }

    /** True when an operation uses this var or a block returns it. */
    public boolean hasUses() {
        return useCount > 0;
    }

    /** The number of uses: operation inputs (counted per input slot) and block outputs. */
    public int useCount() {
        return useCount;
    }

    /** The operations that use this var, each once, in a deterministic order. */
    public List<Operation> users() {
        if (useCount == 0) {
            return List.of();
        }
        List<Operation> out = new ArrayList<>(useCount);
        Set<Operation> seen = useCount > 8 ? Collections.newSetFromMap(new IdentityHashMap<>()) : null;
        for (int i = 0; i < useCount; i++) {
            Operation u = uses[i].user;
            if (u == null) {
                continue;
            }
            if (seen != null ? seen.add(u) : !containsIdentity(out, u)) {
                out.add(u);
            }
        }
        return out;
    }

    /** True when some block (a function body included) returns this var. */
    public boolean isBlockOutput() {
        for (int i = 0; i < useCount; i++) {
            if (uses[i].outputOf != null) {
                return true;
            }
        }
        return false;
    }

    /** Makes every use of this var use {@code replacement} instead. O(uses). */
    public void replaceAllUsesWith(Var replacement) {
        requireNonNull(replacement, "replacement is null");
        if (replacement == this) {
            return;
        }
        for (int i = 0; i < useCount; i++) {
            Use u = uses[i];
            uses[i] = null;
            replacement.addUse(u);
        }
        uses = NO_USES;
        useCount = 0;
    }

    void addUse(Use u) {
        if (useCount == uses.length) {
            uses = Arrays.copyOf(uses, Math.max(4, useCount * 2));
        }
        u.value = this;
        u.slot = useCount;
        uses[useCount++] = u;
    }

    void removeUse(Use u) {
        int slot = u.slot;
        if (slot >= useCount || uses[slot] != u) {
            throw new IllegalStateException("use list of " + name + " is corrupt");
        }
        Use last = uses[--useCount];
        uses[slot] = last;
        last.slot = slot;
        uses[useCount] = null;
        u.value = null;
    }

    /** For the verifier: whether {@code u} is registered in this var's use list. */
    boolean hasUse(Use u) {
        return u.slot < useCount && uses[u.slot] == u;
    }

    private static boolean containsIdentity(List<Operation> list, Operation op) {
        for (Operation o : list) {
            if (o == op) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "%" + name + ": " + type;
    }
}
