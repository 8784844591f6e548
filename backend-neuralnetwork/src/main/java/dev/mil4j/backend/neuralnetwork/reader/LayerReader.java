package dev.mil4j.backend.neuralnetwork.reader;

import dev.mil4j.spec.proto.NeuralNetworkLayer;

/** Reads one kind of NeuralNetwork layer as MIL ops: its input blobs from the context, its outputs bound there. */
@FunctionalInterface
interface LayerReader {
    /**
     * @throws ReaderException when the layer's parameters have no MIL form here
     */
    void read(NeuralNetworkLayer layer, ReadContext cx);
}
