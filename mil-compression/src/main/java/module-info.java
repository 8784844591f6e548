/**
 * Weight compression of MIL programs, as graph passes: linear quantization, palettization and pruning of constant
 * weights into the {@code constexpr_*} ops of mil-ops, each weight reported with its size and error.
 */
module dev.mil4j.compression {
    requires transitive dev.mil4j.ops;

    exports dev.mil4j.compression;
}
