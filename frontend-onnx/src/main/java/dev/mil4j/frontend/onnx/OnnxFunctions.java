package dev.mil4j.frontend.onnx;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.diag.Diagnostic;
import dev.mil4j.frontend.onnx.proto.AttributeProto;
import dev.mil4j.frontend.onnx.proto.FunctionProto;
import dev.mil4j.frontend.onnx.proto.GraphProto;
import dev.mil4j.frontend.onnx.proto.ModelProto;
import dev.mil4j.frontend.onnx.proto.NodeProto;
import dev.mil4j.frontend.onnx.proto.OperatorSetIdProto;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The model-local functions of a model ({@code ModelProto.functions}), keyed like translations
 * ({@code domain::name}), and their instantiation at a call site: the body's nodes with every attribute reference
 * ({@code ref_attr_name}) replaced by the caller's attribute of that name, or the function's default for it (IR 9's
 * {@code attribute_proto}), or dropped when there is neither, so the op's default applies, in the body's subgraphs too, and references to formal inputs the caller omits
 * turned into omitted inputs. The body's nodes are read with the function's own {@code opset_import}, falling back
 * to the model's for domains it does not import.
 */
final class OnnxFunctions {
    /** The field number of {@code FunctionProto.attribute_proto} (IR 9). */
    private static final int ATTRIBUTE_PROTO = 11;
    private final Map<String, FunctionProto> functions = new HashMap<>();

    OnnxFunctions(ModelProto model, String file) {
        for (FunctionProto f : model.getFunctionsList()) {
            String key = OnnxTranslations.key(f.getDomain(), f.getName());
            if (functions.putIfAbsent(key, f) != null) {
                throw new ConversionException(Diagnostic.error("ONNX model " + file + " defines the local function `"
                        + key + "` twice").withHint("the file is corrupt; export it again"));
            }
        }
    }

    Optional<FunctionProto> lookup(String key) {
        return Optional.ofNullable(functions.get(key));
    }

    /** The opsets a function's body is read with: its own imports over the caller's. */
    static Map<String, Integer> opsets(FunctionProto f, Map<String, Integer> outer) {
        Map<String, Integer> out = new HashMap<>(outer);
        for (OperatorSetIdProto o : f.getOpsetImportList()) {
            String domain = OnnxTranslations.isDefaultDomain(o.getDomain()) ? "" : o.getDomain();
            out.put(domain, (int) Math.min(Integer.MAX_VALUE, Math.max(1, o.getVersion())));
        }
        return out;
    }

    /**
     * A body node as called: attribute references resolved against the call's attributes, and inputs naming an
     * omitted formal input made omitted ({@code ""}).
     */
    static NodeProto instantiate(NodeProto node, Map<String, AttributeProto> callAttributes, Set<String> omitted) {
        NodeProto.Builder b = node.toBuilder().clearAttribute();
        for (int i = 0; i < node.getInputCount(); i++) {
            if (omitted.contains(node.getInput(i))) {
                b.setInput(i, "");
            }
        }
        for (AttributeProto a : node.getAttributeList()) {
            if (!a.getRefAttrName().isEmpty()) {
                AttributeProto given = callAttributes.get(a.getRefAttrName());
                if (given != null) {
                    b.addAttribute(given.toBuilder().setName(a.getName()).build());
                }
            } else if (a.hasG() || a.getGraphsCount() > 0) {
                AttributeProto.Builder ab = a.toBuilder();
                if (a.hasG()) {
                    ab.setG(instantiate(a.getG(), callAttributes, omitted));
                }
                for (int i = 0; i < a.getGraphsCount(); i++) {
                    ab.setGraphs(i, instantiate(a.getGraphs(i), callAttributes, omitted));
                }
                b.addAttribute(ab.build());
            } else {
                b.addAttribute(a);
            }
        }
        return b.build();
    }

    private static GraphProto instantiate(GraphProto g, Map<String, AttributeProto> callAttributes,
            Set<String> omitted) {
        GraphProto.Builder b = g.toBuilder().clearNode();
        for (NodeProto n : g.getNodeList()) {
            b.addNode(instantiate(n, callAttributes, omitted));
        }
        return b.build();
    }

    /**
     * The attributes of a call by name: the function's defaults (IR 9's {@code attribute_proto}) overridden by the
     * call node's own.
     */
    static Map<String, AttributeProto> attributes(FunctionProto f, NodeProto call) {
        Map<String, AttributeProto> out = new HashMap<>(defaults(f));
        for (AttributeProto a : call.getAttributeList()) {
            out.put(a.getName(), a);
        }
        return out;
    }

    /**
     * A function's attributes with default values: {@code FunctionProto.attribute_proto} (field 11, IR version 9,
     * onnx 1.15), which our onnx 1.12 schema does not declare, so the parser keeps it among the unknown fields.
     */
    static Map<String, AttributeProto> defaults(FunctionProto f) {
        Map<String, AttributeProto> out = new HashMap<>();
        UnknownFieldSet.Field field = f.getUnknownFields().getField(ATTRIBUTE_PROTO);
        if (field == null) {
            return out;
        }
        for (ByteString bytes : field.getLengthDelimitedList()) {
            try {
                AttributeProto a = AttributeProto.parseFrom(bytes);
                out.put(a.getName(), a);
            } catch (InvalidProtocolBufferException e) {
                throw new ConversionException(Diagnostic.error("ONNX local function `" + f.getDomain() + "::"
                        + f.getName() + "` has an unreadable attribute default: " + e.getMessage())
                        .withHint("the file is corrupt; export it again"));
            }
        }
        return out;
    }
}
