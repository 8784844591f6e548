/**
 * The MIL intermediate representation: types, tensor values, op definitions and their registry, the IR with its
 * builder and verifier, the text form, the pass infrastructure with the op-agnostic passes, and diagnostics.
 */
module dev.mil4j.core {
    requires org.slf4j;

    exports dev.mil4j.core.types;
    exports dev.mil4j.core.value;
    exports dev.mil4j.core.op;
    exports dev.mil4j.core.ir;
    exports dev.mil4j.core.text;
    exports dev.mil4j.core.pass;
    exports dev.mil4j.core.pass.common;
    exports dev.mil4j.core.diag;
    exports dev.mil4j.core.registry;
}
