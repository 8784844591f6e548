package dev.mil4j.frontend.onnx;

import dev.mil4j.converter.spi.Frontend;
import dev.mil4j.converter.spi.FrontendContext;
import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.ir.Program;
import dev.mil4j.frontend.onnx.proto.ModelProto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The {@code onnx} frontend: reads an ONNX model file (bounded: at most 2 GiB, the protobuf limit; larger weights
 * belong in external data files) and translates its graph to MIL.
 */
public final class OnnxFrontend implements Frontend<OnnxTranslation> {
    /** The frontend id. */
    public static final String ID = OnnxTranslations.FRONTEND;
    /**
     * The newest opset of the default ONNX domain read. Opsets 19 to 21 changed most ops only by adding types; the
     * ops whose meaning changed are refused unless a translation of the new version is registered
     * ({@link OnnxOpsetChanges}).
     */
    public static final int MAX_OPSET = 21;
    /** The largest model file read (protobuf messages cannot be larger). */
    public static final long MAX_MODEL_BYTES = Integer.MAX_VALUE;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "ONNX models (.onnx, opsets up to " + MAX_OPSET + ", external data)";
    }

    @Override
    public Class<OnnxTranslation> translationType() {
        return OnnxTranslation.class;
    }

    @Override
    public boolean accepts(Path model) {
        return Files.isRegularFile(model) && model.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".onnx");
    }

    @Override
    public Program load(Path model, FrontendContext<OnnxTranslation> context) {
        return new OnnxGraphTranslator(model, OnnxModelFile.read(model), context).translate();
    }

    /**
     * Reads and parses a whole model file, with its size checked before reading.
     *
     * @throws ConversionException when the file is too large, unreadable, truncated or not an ONNX model
     */
    public static ModelProto read(Path model) {
        return OnnxModelFile.readWhole(model).proto();
    }
}
