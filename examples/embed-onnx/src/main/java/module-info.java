/**
 * A platform team's embedding of mil4j: ONNX in, ML Program out, through the Java API. It requires the converter
 * only; the ONNX frontend and the ML Program backend are found on the module path as providers of the converter's
 * plugin service, so the application names no frontend or backend class.
 */
module dev.mil4j.examples.embedonnx {
    requires dev.mil4j.converter;
}
