/**
 * ONNX Runtime as the reference runtime of ONNX models ({@code mil4j verify}): a plugin contributing a
 * {@code ReferenceRuntime}. ONNX Runtime's jar (automatic module {@code com.microsoft.onnxruntime}) loads its native
 * library from its own resources, so it works on the module path and the class path alike.
 */
module dev.mil4j.runtime.onnx {
    requires dev.mil4j.converter;
    requires com.microsoft.onnxruntime;

    provides dev.mil4j.converter.spi.Mil4jPlugin with dev.mil4j.runtime.onnx.OnnxRuntimePlugin;
}
