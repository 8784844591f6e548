package dev.mil4j.backend.mlprogram;

import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.diag.Diagnostic;
import dev.mil4j.spec.proto.mil.DataType;
import dev.mil4j.spec.proto.mil.DictionaryType;
import dev.mil4j.spec.proto.mil.DictionaryValue;
import dev.mil4j.spec.proto.mil.Program;
import dev.mil4j.spec.proto.mil.TensorType;
import dev.mil4j.spec.proto.mil.Value;
import dev.mil4j.spec.proto.mil.ValueType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The program's {@code buildInfo} attribute: a string-to-string dictionary in which coremltools records its version
 * and frontend ({@code coremltools-version}, {@code coremltools-component-torch}, ...) and mil4j the program's
 * attributes and its {@link DebugInfo}.
 */
final class BuildInfo {
    private BuildInfo() {
    }

    /**
     * @param program the MIL.proto program
     * @param source the package, for messages
     * @return the entries in order; empty when the program has no {@code buildInfo}
     * @throws ConversionException if {@code buildInfo} is not a dictionary of strings
     */
    static Map<String, String> read(Program program, String source) {
        Map<String, String> out = new LinkedHashMap<>();
        Value v = program.getAttributesMap().get(MilProtoWriter.BUILD_INFO);
        if (v == null) {
            return out;
        }
        if (!v.hasImmediateValue() || !v.getImmediateValue().hasDictionary()) {
            throw malformed(source);
        }
        for (DictionaryValue.KeyValuePair e : v.getImmediateValue().getDictionary().getValuesList()) {
            String key = string(e.getKey()).orElseThrow(() -> malformed(source));
            out.put(key, string(e.getValue()).orElseThrow(() -> malformed(source)));
        }
        return out;
    }

    /**
     * @param entries the entries, in order
     * @return the {@code buildInfo} attribute value holding them: a dictionary of strings
     */
    static Value value(Map<String, String> entries) {
        DictionaryValue.Builder dict = DictionaryValue.newBuilder();
        entries.forEach((k, v) -> dict.addValues(DictionaryValue.KeyValuePair.newBuilder()
                .setKey(MilProtoValues.string(k)).setValue(MilProtoValues.string(v))));
        ValueType string = ValueType.newBuilder().setTensorType(TensorType.newBuilder().setDataType(DataType.STRING))
                .build();
        Value.Builder out = Value.newBuilder().setType(ValueType.newBuilder()
                .setDictionaryType(DictionaryType.newBuilder().setKeyType(string).setValueType(string)));
        out.getImmediateValueBuilder().setDictionary(dict);
        return out.build();
    }

    private static Optional<String> string(Value v) {
        if (!v.hasImmediateValue() || !v.getImmediateValue().hasTensor()
                || v.getImmediateValue().getTensor().getStrings().getValuesCount() != 1) {
            return Optional.empty();
        }
        return Optional.of(v.getImmediateValue().getTensor().getStrings().getValues(0));
    }

    private static ConversionException malformed(String source) {
        return new ConversionException(Diagnostic.error("the program attribute `" + MilProtoWriter.BUILD_INFO
                + "` of " + source + " is not a dictionary of strings")
                .withHint("the package is malformed; convert the model again"));
    }
}
