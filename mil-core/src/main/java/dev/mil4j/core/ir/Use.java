package dev.mil4j.core.ir;

/**
 * One use of a {@link Var}: by an operation's input, or as an output of a block. The use knows its slot in the var's
 * use list, so it is removed in O(1) (the last use moves into its slot).
 */
final class Use {
    final Operation user; // null for a block output
    final Block outputOf; // null for an operation input
    Var value;
    int slot;

    Use(Operation user, Block outputOf) {
        this.user = user;
        this.outputOf = outputOf;
    }
}
