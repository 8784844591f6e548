package dev.mil4j.frontend.onnx;

import static java.util.Objects.requireNonNull;

import dev.mil4j.frontend.onnx.proto.AttributeProto;
import dev.mil4j.frontend.onnx.proto.GraphProto;
import dev.mil4j.frontend.onnx.proto.NodeProto;
import dev.mil4j.frontend.onnx.proto.TensorProto;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A read-only view of one ONNX node: op type, domain, name, input and output value names ({@code ""} marks an
 * omitted optional input) and typed attribute accessors. An attribute of the wrong type is reported as a
 * {@link IllegalArgumentException} naming the node and the attribute.
 */
public final class OnnxNode {
    private final NodeProto proto;
    private final Map<String, AttributeProto> attributes;

    public OnnxNode(NodeProto proto) {
        this.proto = requireNonNull(proto, "proto is null");
        this.attributes = new HashMap<>();
        for (AttributeProto a : proto.getAttributeList()) {
            attributes.put(a.getName(), a);
        }
    }

    public NodeProto proto() {
        return proto;
    }

    public String opType() {
        return proto.getOpType();
    }

    /** The domain as written ({@code ""} for the default domain). */
    public String domain() {
        return proto.getDomain();
    }

    /** The node name; may be empty. */
    public String name() {
        return proto.getName();
    }

    /** The translation registry key: {@code OpType} or {@code domain::OpType}. */
    public String key() {
        return OnnxTranslations.key(domain(), opType());
    }

    public List<String> inputs() {
        return proto.getInputList();
    }

    public List<String> outputs() {
        return proto.getOutputList();
    }

    /** For messages: {@code Conv `/conv1/Conv`} (or the first output's name when the node has no name). */
    public String describe() {
        String n = !name().isEmpty() ? name() : proto.getOutputCount() > 0 ? proto.getOutput(0) : "";
        return n.isEmpty() ? key() : key() + " `" + n + "`";
    }

    public boolean hasAttribute(String name) {
        return attributes.containsKey(name);
    }

    public Optional<AttributeProto> attribute(String name) {
        return Optional.ofNullable(attributes.get(name));
    }

    public OptionalLong intAttribute(String name) {
        AttributeProto a = typed(name, AttributeProto.AttributeType.INT);
        return a == null ? OptionalLong.empty() : OptionalLong.of(a.getI());
    }

    public long intAttribute(String name, long defaultValue) {
        return intAttribute(name).orElse(defaultValue);
    }

    public float floatAttribute(String name, float defaultValue) {
        AttributeProto a = typed(name, AttributeProto.AttributeType.FLOAT);
        return a == null ? defaultValue : a.getF();
    }

    public Optional<String> stringAttribute(String name) {
        AttributeProto a = typed(name, AttributeProto.AttributeType.STRING);
        return a == null ? Optional.empty() : Optional.of(a.getS().toString(StandardCharsets.UTF_8));
    }

    public String stringAttribute(String name, String defaultValue) {
        return stringAttribute(name).orElse(defaultValue);
    }

    public Optional<long[]> intsAttribute(String name) {
        AttributeProto a = typed(name, AttributeProto.AttributeType.INTS);
        return a == null ? Optional.empty() : Optional.of(a.getIntsList().stream().mapToLong(Long::longValue).toArray());
    }

    public Optional<float[]> floatsAttribute(String name) {
        AttributeProto a = typed(name, AttributeProto.AttributeType.FLOATS);
        if (a == null) {
            return Optional.empty();
        }
        float[] out = new float[a.getFloatsCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.getFloats(i);
        }
        return Optional.of(out);
    }

    public Optional<List<String>> stringsAttribute(String name) {
        AttributeProto a = typed(name, AttributeProto.AttributeType.STRINGS);
        return a == null ? Optional.empty() : Optional.of(a.getStringsList().stream()
                .map(s -> s.toString(StandardCharsets.UTF_8)).toList());
    }

    public Optional<TensorProto> tensorAttribute(String name) {
        AttributeProto a = typed(name, AttributeProto.AttributeType.TENSOR);
        return a == null ? Optional.empty() : Optional.of(a.getT());
    }

    public Optional<GraphProto> graphAttribute(String name) {
        AttributeProto a = typed(name, AttributeProto.AttributeType.GRAPH);
        return a == null ? Optional.empty() : Optional.of(a.getG());
    }

    /** Whether the node has attribute {@code name} of the given type (a hint reader's check; no exception). */
    public boolean hasAttribute(String name, AttributeProto.AttributeType type) {
        AttributeProto a = attributes.get(name);
        return a != null && (a.hasType() ? a.getType() : inferType(a)) == type;
    }

    private AttributeProto typed(String name, AttributeProto.AttributeType expected) {
        AttributeProto a = attributes.get(name);
        if (a == null) {
            return null;
        }
        AttributeProto.AttributeType actual = a.hasType() ? a.getType() : inferType(a);
        if (actual != expected) {
            throw new IllegalArgumentException("attribute `" + name + "` of ONNX node " + describe() + " is "
                    + actual + ", expected " + expected);
        }
        return a;
    }

    /** Old writers leave {@code type} unset: the set field tells. */
    private static AttributeProto.AttributeType inferType(AttributeProto a) {
        if (a.hasF()) {
            return AttributeProto.AttributeType.FLOAT;
        } else if (a.hasI()) {
            return AttributeProto.AttributeType.INT;
        } else if (a.hasS()) {
            return AttributeProto.AttributeType.STRING;
        } else if (a.hasT()) {
            return AttributeProto.AttributeType.TENSOR;
        } else if (a.hasG()) {
            return AttributeProto.AttributeType.GRAPH;
        } else if (a.getFloatsCount() > 0) {
            return AttributeProto.AttributeType.FLOATS;
        } else if (a.getIntsCount() > 0) {
            return AttributeProto.AttributeType.INTS;
        } else if (a.getStringsCount() > 0) {
            return AttributeProto.AttributeType.STRINGS;
        }
        return AttributeProto.AttributeType.UNDEFINED;
    }

    @Override
    public String toString() {
        return describe();
    }
}
