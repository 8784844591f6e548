/**
 * The ML Program backend: MIL programs to Core ML {@code .mlpackage} directories (MIL.proto and the weight blob)
 * and back. Custom ops are rejected: Core ML cannot load custom layers from an ML Program.
 */
module dev.mil4j.backend.mlprogram {
    requires transitive dev.mil4j.core;
    requires transitive dev.mil4j.converter;
    requires dev.mil4j.spec;

    exports dev.mil4j.backend.mlprogram;

    provides dev.mil4j.converter.spi.Mil4jPlugin with dev.mil4j.backend.mlprogram.MlProgramBackendPlugin;
}
