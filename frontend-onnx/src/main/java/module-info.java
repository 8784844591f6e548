/**
 * The ONNX frontend: our own declaration of the ONNX protobuf schema, bounded model reading (external data
 * included), and the translation of ONNX graphs to MIL through an opset-aware translation registry that plugins
 * extend or override.
 */
module dev.mil4j.frontend.onnx {
    requires transitive dev.mil4j.converter;
    requires transitive com.google.protobuf;
    requires org.slf4j;

    exports dev.mil4j.frontend.onnx;
    exports dev.mil4j.frontend.onnx.proto;

    provides dev.mil4j.converter.spi.Mil4jPlugin with dev.mil4j.frontend.onnx.OnnxFrontendPlugin;
}
