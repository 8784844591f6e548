package dev.mil4j.frontend.onnx;

import dev.mil4j.converter.spi.Frontend;
import dev.mil4j.converter.spi.FrontendContext;
import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.diag.Diagnostic;
import dev.mil4j.core.ir.Program;
import dev.mil4j.frontend.onnx.proto.ModelProto;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.InputStream;
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
        ModelProto proto = read(model);
        return new OnnxGraphTranslator(model, proto, context).translate();
    }

    /**
     * Reads and parses a model file, with its size checked before reading.
     *
     * @throws ConversionException when the file is too large, unreadable, truncated or not an ONNX model
     */
    public static ModelProto read(Path model) {
        String file = model.getFileName().toString();
        if (Files.exists(model) && !Files.isRegularFile(model)) {
            // a directory fails to read only after opening; a device or pipe never ends: both refused first
            throw new ConversionException(Diagnostic.error("ONNX model " + model + " is not a regular file ("
                    + (Files.isDirectory(model) ? "it is a directory" : "a device, pipe or other special file") + ")")
                    .withHint("give the .onnx file; external data files are found next to it"));
        }
        long size;
        try {
            size = Files.size(model);
        } catch (IOException e) {
            throw new ConversionException(Diagnostic.error("cannot read ONNX model " + file + ": " + e));
        }
        if (size > MAX_MODEL_BYTES) {
            throw new ConversionException(Diagnostic.error("ONNX model " + file + " is " + size
                    + " bytes, more than the 2 GiB a protobuf message can hold")
                    .withHint("save the weights as external data (onnx.save_model(..., save_as_external_data="
                            + "True))"));
        }
        ModelProto proto;
        // streamed: each raw_data initializer is copied once out of a small read buffer, never the whole file, and
        // each stays collectable on its own when a pass replaces it (aliasing one array of the whole file would keep
        // all of them alive until the last one dies)
        try (InputStream stream = Files.newInputStream(model)) {
            CodedInputStream in = CodedInputStream.newInstance(stream, 1 << 16);
            in.setRecursionLimit(256);
            proto = ModelProto.parseFrom(in);
            in.checkLastTagWas(0);
        } catch (InvalidProtocolBufferException e) {
            throw new ConversionException(Diagnostic.error("ONNX model " + file + " is not a valid ONNX protobuf "
                    + "message (" + size + " bytes): " + e.getMessage())
                    .withHint("the file is truncated or corrupt: export or download it again"));
        } catch (IOException e) {
            throw new ConversionException(Diagnostic.error("cannot read ONNX model " + file + ": " + e));
        }
        if (!proto.hasGraph()) {
            throw new ConversionException(Diagnostic.error("ONNX model " + file + " has no graph")
                    .withHint("is it an ONNX model? an empty or foreign protobuf file parses as a model without a "
                            + "graph"));
        }
        return proto;
    }
}
