package dev.mil4j.core.ir;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * An ordered list of operations with block inputs and outputs: a function body, or a nested block of a control-flow
 * op. Operations form a doubly linked list, so insertion, erasure and moves are O(1) (plus the op's uses).
 */
public final class Block {
    private final Function function;
    Operation parentOp;
    private final List<Var> inputs;
    private Operation first;
    private Operation last;
    private int size;
    /** How many of this block's ops hold nested blocks, so walks over a program's blocks skip flat blocks. */
    private int opsWithBlocks;
    /** Whether every op's {@code order} increases along the block (appends keep it; inserts in between do not). */
    private boolean ordered = true;
    private Use[] outputs = new Use[0];

    Block(Function function, List<Var> inputs) {
        this.function = function;
        this.inputs = List.copyOf(inputs);
    }

    /** The function this block belongs to (nested blocks included). */
    public Function function() {
        return function;
    }

    /** The op holding this nested block; empty for a function body. */
    public Optional<Operation> parentOp() {
        return Optional.ofNullable(parentOp);
    }

    public List<Var> inputs() {
        return inputs;
    }

    public List<Var> outputs() {
        List<Var> out = new ArrayList<>(outputs.length);
        for (Use u : outputs) {
            out.add(u.value);
        }
        return out;
    }

    /** Sets the block outputs (for a function body: the function's outputs). */
    public void setOutputs(List<Var> vars) {
        for (Use u : outputs) {
            if (u.value != null) {
                u.value.removeUse(u);
            }
        }
        Use[] next = new Use[vars.size()];
        for (int i = 0; i < next.length; i++) {
            next[i] = new Use(null, this);
            requireNonNull(vars.get(i), "output var is null").addUse(next[i]);
        }
        outputs = next;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public Optional<Operation> firstOperation() {
        return Optional.ofNullable(first);
    }

    public Optional<Operation> lastOperation() {
        return Optional.ofNullable(last);
    }

    /**
     * The operations in order. The iteration tolerates erasing or moving the operation just returned (it reads the
     * next one first); other concurrent changes are undefined.
     */
    public Iterable<Operation> operations() {
        return () -> new Walk(first, op -> op.next);
    }

    /** The operations in reverse order, tolerating erasure of the operation just returned. */
    public Iterable<Operation> operationsReversed() {
        return () -> new Walk(last, op -> op.prev);
    }

    /** A walk along the operation list that reads the next operation before it returns the current one. */
    private static final class Walk implements Iterator<Operation> {
        private final UnaryOperator<Operation> step;
        private Operation nextOp;

        Walk(Operation start, UnaryOperator<Operation> step) {
            this.nextOp = start;
            this.step = step;
        }

        @Override
        public boolean hasNext() {
            return nextOp != null;
        }

        @Override
        public Operation next() {
            if (nextOp == null) {
                throw new NoSuchElementException();
            }
            Operation op = nextOp;
            nextOp = step.apply(op);
            return op;
        }
    }

    /** A snapshot of the operations in order. */
    public List<Operation> operationList() {
        List<Operation> out = new ArrayList<>(size);
        for (Operation op = first; op != null; op = op.next) {
            out.add(op);
        }
        return out;
    }

    /**
     * Removes an operation whose outputs are unused, dropping its uses of other vars (and those of its nested
     * blocks).
     *
     * @throws IllegalStateException when an output is still used
     */
    public void erase(Operation op) {
        checkOwned(op);
        for (Var v : op.outputs()) {
            if (v.hasUses()) {
                throw new IllegalStateException("cannot erase " + op + ": output %" + v.name() + " is still used by "
                        + v.users());
            }
        }
        op.dropUses();
        unlink(op);
    }

    /** Moves {@code op} (already in this block) right before {@code anchor}, or to the end when anchor is empty. */
    public void move(Operation op, Optional<Operation> anchor) {
        checkOwned(op);
        anchor.ifPresent(this::checkOwned);
        if (anchor.isPresent() && anchor.get() == op) {
            return;
        }
        unlink(op);
        link(op, anchor.orElse(null));
    }

    void link(Operation op, Operation before) {
        op.parent = this;
        if (before == null) {
            op.order = last == null ? 0 : last.order + 1;
            op.prev = last;
            op.next = null;
            if (last != null) {
                last.next = op;
            } else {
                first = op;
            }
            last = op;
        } else {
            ordered = false;
            op.next = before;
            op.prev = before.prev;
            if (before.prev != null) {
                before.prev.next = op;
            } else {
                first = op;
            }
            before.prev = op;
        }
        size++;
        if (!op.blocks().isEmpty()) {
            opsWithBlocks++;
        }
    }

    private void unlink(Operation op) {
        if (op.prev != null) {
            op.prev.next = op.next;
        } else {
            first = op.next;
        }
        if (op.next != null) {
            op.next.prev = op.prev;
        } else {
            last = op.prev;
        }
        op.prev = null;
        op.next = null;
        op.parent = null;
        size--;
        if (!op.blocks().isEmpty()) {
            opsWithBlocks--;
        }
    }

    /**
     * True when {@code a} comes before {@code b} in this block. O(1) after a renumbering that inserts between ops
     * cause (O(n) once), so a pass checking the order of a whole block stays linear.
     */
    public boolean isBefore(Operation a, Operation b) {
        checkOwned(a);
        checkOwned(b);
        if (!ordered) {
            long i = 0;
            for (Operation op = first; op != null; op = op.next) {
                op.order = i++;
            }
            ordered = true;
        }
        return a.order < b.order;
    }

    /** True when some op of this block holds nested blocks (control flow). */
    public boolean hasNestedBlocks() {
        return opsWithBlocks > 0;
    }

    private void checkOwned(Operation op) {
        if (op.parent != this) {
            throw new IllegalArgumentException(op + " is not in this block");
        }
    }

    /** Drops every use made inside this block (used when its holder is erased). */
    void dropAll() {
        for (Operation op = first; op != null; op = op.next) {
            op.dropUses();
        }
        for (Use u : outputs) {
            if (u.value != null) {
                u.value.removeUse(u);
            }
        }
    }

    /** For the verifier: every output use registered in its var. */
    boolean outputUsesAreConsistent() {
        for (Use u : outputs) {
            if (u.value == null || !u.value.hasUse(u)) {
                return false;
            }
        }
        return true;
    }
}
