package dev.mil4j.frontend.onnx;

import static java.util.Objects.requireNonNull;

import dev.mil4j.converter.spi.TranslationContribution;
import java.util.List;

/**
 * Keys and contributions of ONNX translations. A translation is keyed by (domain, op type, since-version): the source
 * op name is {@code OpType} in the default domain ({@code ""} or {@code ai.onnx}) and {@code domain::OpType} in any
 * other (e.g. {@code com.example::MyOp}); the since-version is the opset version of the domain from which the
 * translation applies. For a model importing version {@code v} of a domain, the translation with the greatest
 * since-version not above {@code v} is used.
 *
 * <pre>{@code
 * Contributions.translation(binder, OnnxTranslations.contribution("com.example", "MyOp", 1, new MyOpTranslation()));
 * Contributions.translation(binder, OnnxTranslations.overriding("", "TopK", 11, new CustomTopKTranslation()));
 * }</pre>
 */
public final class OnnxTranslations {
    /** The frontend id the translations are registered for. */
    public static final String FRONTEND = "onnx";
    /** The default ONNX operator domain's canonical name. */
    public static final String DEFAULT_DOMAIN = "ai.onnx";

    private OnnxTranslations() {
    }

    /** Whether a domain name denotes the default ONNX domain ({@code ""} or {@code ai.onnx}). */
    public static boolean isDefaultDomain(String domain) {
        return domain.isEmpty() || domain.equals(DEFAULT_DOMAIN);
    }

    /** The registry key of an op: {@code OpType} in the default domain, {@code domain::OpType} otherwise. */
    public static String key(String domain, String opType) {
        requireNonNull(domain, "domain is null");
        requireNonNull(opType, "opType is null");
        return isDefaultDomain(domain) ? opType : domain + "::" + opType;
    }

    /** A new translation of {@code opType} of the default domain from opset version {@code sinceVersion} on. */
    public static TranslationContribution of(String opType, int sinceVersion, OnnxTranslation translation) {
        return contribution("", opType, sinceVersion, translation);
    }

    /** A new translation of {@code domain::opType} from opset version {@code sinceVersion} on. */
    public static TranslationContribution contribution(String domain, String opType, int sinceVersion,
            OnnxTranslation translation) {
        return new TranslationContribution(FRONTEND, key(domain, opType), List.of(), sinceVersion, translation, false);
    }

    /** A translation replacing the registered one of the same op and since-version. */
    public static TranslationContribution overriding(String domain, String opType, int sinceVersion,
            OnnxTranslation translation) {
        return new TranslationContribution(FRONTEND, key(domain, opType), List.of(), sinceVersion, translation, true);
    }
}
