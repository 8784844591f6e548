package dev.mil4j.frontend.pytorch.graph;

/** {@code range(start, stop, step)} with a bound known only when the model runs: a loop the model keeps. */
record SymbolicRange(TorchValue start, TorchValue stop, long step) {
}
