package dev.mil4j.frontend.onnx.translate;

import static java.util.Objects.requireNonNull;

import dev.mil4j.frontend.onnx.OnnxTranslation;

/**
 * One built-in translation: the ONNX domain ({@code ""} for the default one), op type, the opset version it applies
 * from, and the translation.
 */
public record Builtin(String domain, String opType, int sinceVersion, OnnxTranslation translation) {
    public Builtin {
        requireNonNull(domain, "domain is null");
        requireNonNull(opType, "opType is null");
        requireNonNull(translation, "translation is null");
    }

    static Builtin of(String opType, int sinceVersion, OnnxTranslation translation) {
        return new Builtin("", opType, sinceVersion, translation);
    }
}
