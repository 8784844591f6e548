/**
 * Reference CPU execution of MIL programs: an {@link dev.mil4j.interpreter.Interpreter} running a kernel per op,
 * the {@link dev.mil4j.interpreter.KernelRegistry} through which plugins add kernels for custom ops, and numpy
 * {@code .npy} reading and writing.
 */
module dev.mil4j.interpreter {
    requires transitive dev.mil4j.ops;

    exports dev.mil4j.interpreter;
    exports dev.mil4j.interpreter.kernels;
    exports dev.mil4j.interpreter.npy;
}
