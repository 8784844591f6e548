package dev.mil4j.converter.spi;

import dev.mil4j.core.diag.Diagnostic;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.op.OpRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Writes a MIL program as a Core ML model of one kind (NeuralNetwork {@code .mlmodel}, ML Program {@code .mlpackage}).
 * Everything about the model's interface comes from the program: its functions' inputs and outputs, and the ranges
 * of their symbolic dimensions ({@code Function.dimBound}); the options say how to write it.
 */
public interface Backend {
    /** The target id, e.g. {@code neuralnetwork} or {@code mlprogram}. */
    String id();

    String description();

    /** The output's file name extension, e.g. {@code .mlmodel}. */
    String fileExtension();

    /**
     * The name of the pass pipeline to run before {@link #check}, which may depend on the options (an ML Program in
     * fp16 compute precision runs a pipeline ending with {@code common::add_fp16_cast}).
     */
    default String pipeline(ConversionOptions options) {
        return "default";
    }

    /**
     * Passes the target format itself needs, run after the pipeline and the user's edits to it (so removing passes
     * from the pipeline never removes these): rewrites such as giving the model's outputs dtypes the format can
     * describe. Their ids must be registered passes. None by default.
     */
    default List<String> requiredPasses(ConversionOptions options) {
        return List.of();
    }

    /**
     * Rewrites the program, after the pipeline and the required passes, for what the options ask of the model's
     * interface that this format expresses as ops (an ML Program's image scale and bias,
     * {@link ImagePreprocessing#insert}); what the format records outside the program (a NeuralNetwork model's
     * preprocessing, metadata) is the work of {@link #write}. Nothing by default.
     *
     * @param ops the op definitions to build ops with
     */
    default void finishProgram(Program program, ConversionOptions options, OpRegistry ops) {
    }

    /** Every problem that would stop {@link #write}, found before anything is written. */
    List<Diagnostic> check(Program program, ConversionOptions options);

    /**
     * Writes the model atomically: on failure nothing is left at {@code output}.
     *
     * @throws dev.mil4j.core.diag.ConversionException with every problem found
     */
    void write(Program program, Path output, ConversionOptions options);

    /**
     * Reads a model this backend writes back into MIL, so that it can be run or inspected: empty when
     * {@code model} is not such a model (the default: a backend that cannot read its output).
     *
     * @param model the model file or directory
     * @param ops the op definitions to build the program with
     * @throws dev.mil4j.core.diag.ConversionException when the model is of this backend's kind but cannot be read
     */
    default Optional<Program> read(Path model, OpRegistry ops) {
        return Optional.empty();
    }
}
