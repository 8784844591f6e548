package dev.mil4j.frontend.tensorflow;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * One node of a TensorFlow graph: its name, op type, data inputs (as {@code node:index} references; control inputs
 * {@code ^node} are kept apart) and typed access to its attributes.
 */
public final class TfNode {
    /** A reference to output {@code index} of node {@code node}. */
    public record Ref(String node, int index) {
        /** Parses {@code name}, {@code name:1} (and, for function bodies, {@code name:out:1}). */
        public static Ref parse(String text) {
            int colon = text.lastIndexOf(':');
            if (colon > 0) {
                String tail = text.substring(colon + 1);
                if (!tail.isEmpty() && tail.chars().allMatch(Character::isDigit) && tail.length() < 10) {
                    return new Ref(text.substring(0, colon), Integer.parseInt(tail));
                }
            }
            return new Ref(text, 0);
        }

        @Override
        public String toString() {
            return index == 0 ? node : node + ":" + index;
        }
    }

    private final NodeDef def;
    private final List<Ref> inputs = new ArrayList<>();
    private final List<String> controlInputs = new ArrayList<>();

    public TfNode(NodeDef def) {
        this.def = requireNonNull(def, "def is null");
        for (String in : def.getInputList()) {
            if (in.startsWith("^")) {
                controlInputs.add(in.substring(1));
            } else {
                inputs.add(Ref.parse(in));
            }
        }
    }

    public String name() {
        return def.getName();
    }

    /** The TensorFlow op type, such as {@code Conv2D}. */
    public String op() {
        return def.getOp();
    }

    public NodeDef def() {
        return def;
    }

    /** The data inputs, in order. */
    public List<Ref> inputs() {
        return List.copyOf(inputs);
    }

    /** The nodes this node must run after, without taking their values. */
    public List<String> controlInputs() {
        return List.copyOf(controlInputs);
    }

    /** {@code `name` (Op)}, for messages. */
    public String describe() {
        return "`" + name() + "` (" + op() + ")";
    }

    public boolean hasAttr(String attr) {
        return def.containsAttr(attr);
    }

    public Optional<AttrValue> attr(String attr) {
        return Optional.ofNullable(def.getAttrMap().get(attr));
    }

    public long intAttr(String attr, long fallback) {
        return attr(attr).map(AttrValue::getI).orElse(fallback);
    }

    public float floatAttr(String attr, float fallback) {
        return attr(attr).map(AttrValue::getF).orElse(fallback);
    }

    public boolean boolAttr(String attr, boolean fallback) {
        return attr(attr).map(AttrValue::getB).orElse(fallback);
    }

    public String stringAttr(String attr, String fallback) {
        return attr(attr).map(a -> a.getS().toStringUtf8()).orElse(fallback);
    }

    public Optional<DataType> typeAttr(String attr) {
        return attr(attr).filter(a -> a.getValueCase() == AttrValue.ValueCase.TYPE).map(AttrValue::getType);
    }

    public Optional<TensorShapeProto> shapeAttr(String attr) {
        return attr(attr).filter(a -> a.getValueCase() == AttrValue.ValueCase.SHAPE).map(AttrValue::getShape);
    }

    public Optional<TensorProto> tensorAttr(String attr) {
        return attr(attr).filter(a -> a.getValueCase() == AttrValue.ValueCase.TENSOR).map(AttrValue::getTensor);
    }

    /** An integer list attribute such as {@code strides} or {@code ksize}. */
    public Optional<long[]> intsAttr(String attr) {
        return attr(attr).filter(a -> a.getValueCase() == AttrValue.ValueCase.LIST)
                .map(a -> a.getList().getIList().stream().mapToLong(Long::longValue).toArray());
    }

    @Override
    public String toString() {
        return describe();
    }
}
