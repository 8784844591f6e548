/**
 * The TensorFlow frontend: reads frozen GraphDefs ({@code .pb}) and SavedModel directories with TensorFlow Java's
 * own proto classes (no native code), and translates them to MIL through a translation registry that plugins extend
 * or override ({@code TopKV2} and {@code TopK} share one translation).
 */
module dev.mil4j.frontend.tensorflow {
    requires transitive dev.mil4j.converter;
    requires transitive tensorflow.nativelib;
    requires com.google.protobuf;
    requires org.slf4j;

    exports dev.mil4j.frontend.tensorflow;

    provides dev.mil4j.converter.spi.Mil4jPlugin with dev.mil4j.frontend.tensorflow.TfFrontendPlugin;
}
