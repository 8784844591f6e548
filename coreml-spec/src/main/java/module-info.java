/**
 * The Core ML model format: generated protobuf classes for our own declaration of the format, and reading and
 * writing of {@code .mlmodel} files, {@code .mlpackage} directories and MIL weight blob files.
 */
module dev.mil4j.spec {
    requires transitive com.google.protobuf;

    exports dev.mil4j.spec;
    exports dev.mil4j.spec.blob;
    exports dev.mil4j.spec.proto;
    exports dev.mil4j.spec.proto.mil;
    exports dev.mil4j.spec.proto.models;
}
