/** The standard MIL op set: op definitions for iOS15 to iOS18, typed builder helpers and op-specific passes. */
module dev.mil4j.ops {
    requires transitive dev.mil4j.core;

    exports dev.mil4j.ops;
    exports dev.mil4j.ops.activation;
    exports dev.mil4j.ops.basic;
    exports dev.mil4j.ops.classify;
    exports dev.mil4j.ops.control;
    exports dev.mil4j.ops.constexpr;
    exports dev.mil4j.ops.conv;
    exports dev.mil4j.ops.elementwise;
    exports dev.mil4j.ops.image;
    exports dev.mil4j.ops.linear;
    exports dev.mil4j.ops.norm;
    exports dev.mil4j.ops.passes;
    exports dev.mil4j.ops.pool;
    exports dev.mil4j.ops.reduction;
    exports dev.mil4j.ops.state;
    exports dev.mil4j.ops.tensor;
}
