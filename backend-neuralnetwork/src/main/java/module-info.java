/**
 * The NeuralNetwork backend: writes a MIL program as a Core ML NeuralNetwork model ({@code .mlmodel}), one or more
 * layers per MIL op, custom ops as custom layers. Contributed to the converter by
 * {@link dev.mil4j.backend.neuralnetwork.NeuralNetworkBackendPlugin}.
 */
module dev.mil4j.backend.neuralnetwork {
    requires transitive dev.mil4j.converter;
    requires transitive dev.mil4j.spec;
    requires org.slf4j;

    exports dev.mil4j.backend.neuralnetwork;
    exports dev.mil4j.backend.neuralnetwork.quant;

    provides dev.mil4j.converter.spi.Mil4jPlugin with dev.mil4j.backend.neuralnetwork.NeuralNetworkBackendPlugin;
}
