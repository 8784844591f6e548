package dev.mil4j.frontend.pytorch.graph;

/** A dotted builtin name while code runs, such as {@code torch}, {@code ops.aten} or {@code int}. */
record Namespace(String dotted) {
}
