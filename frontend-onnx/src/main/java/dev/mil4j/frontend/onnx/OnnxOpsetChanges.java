package dev.mil4j.frontend.onnx;

import dev.mil4j.converter.spi.TranslationRegistry;
import java.util.Map;
import java.util.Optional;

/**
 * The ops of the default domain whose meaning changed in opsets 19 to 21 (beyond new types or new attribute values
 * that the translations already refuse). The registry picks the newest translation not above the model's opset, so
 * a translation written for an older version would silently give such an op its old meaning: it is refused instead,
 * unless a translation registered at (or after) the changing version exists.
 *
 * <p>Changes of opsets 19 to 21 that need nothing here: new types only ({@code Cast}, {@code CastLike},
 * {@code Constant}, {@code ConstantOfShape}, {@code Equal}, {@code Flatten}, {@code Identity}, {@code If},
 * {@code Loop}, {@code Reshape}, {@code Shape}, {@code Size}, {@code Squeeze}, {@code Transpose},
 * {@code Unsqueeze}, {@code IsInf}, {@code IsNaN}, {@code ReduceMax}, {@code ReduceMin}); {@code AveragePool}'s
 * {@code dilations}, {@code Pad}'s {@code wrap} mode and {@code Resize}'s {@code half_pixel_symmetric} (refused by
 * their translations); {@code QuantizeLinear}/{@code DequantizeLinear}'s {@code block_size} (refused) and
 * {@code output_dtype} (read).
 */
final class OnnxOpsetChanges {
    /** A change of meaning: the version that made it and what it is. */
    record Change(int version, String what) {
    }

    private static final Map<String, Change> CHANGES = Map.of(
            "DFT", new Change(20, "the axis is an input (it was an attribute) and may not be the last"),
            "GridSample", new Change(20, "modes are named `linear` and `cubic` (were `bilinear`, `bicubic`) and "
                    + "inputs of any rank are allowed"),
            "GroupNormalization", new Change(21, "scale and bias have one value per channel (they had one per "
                    + "group)"));

    private OnnxOpsetChanges() {
    }

    /**
     * Why a default-domain op at opset {@code version} cannot use the translation the registry has for it, if its
     * meaning changed after that translation's version; empty when it can.
     */
    static Optional<String> unsupported(OnnxNode node, int version,
            TranslationRegistry<OnnxTranslation> translations) {
        Change change = OnnxTranslations.isDefaultDomain(node.domain()) ? CHANGES.get(node.opType()) : null;
        if (change == null || version < change.version()) {
            return Optional.empty();
        }
        for (int v = change.version(); v <= version; v++) {
            if (translations.registration(node.key(), v).isPresent()) {
                return Optional.empty();
            }
        }
        return Optional.of("`" + node.opType() + "` changed meaning in opset " + change.version() + ": "
                + change.what() + "; its translation is for older opsets");
    }
}
