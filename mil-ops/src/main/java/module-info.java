/** The standard MIL op set: op definitions for iOS15 to iOS18, typed builder helpers and op-specific passes. */
module dev.mil4j.ops {
    requires transitive dev.mil4j.core;

    exports dev.mil4j.ops;
    exports dev.mil4j.ops.control;
    exports dev.mil4j.ops.tensor;
}
