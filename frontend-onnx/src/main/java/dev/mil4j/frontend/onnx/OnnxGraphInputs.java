package dev.mil4j.frontend.onnx;

import dev.mil4j.converter.spi.ConversionOptions;
import dev.mil4j.converter.spi.InputType;
import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.diag.Diagnostic;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.frontend.onnx.proto.GraphProto;
import dev.mil4j.frontend.onnx.proto.TensorShapeProto;
import dev.mil4j.frontend.onnx.proto.ValueInfoProto;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The function inputs of an ONNX graph: its inputs that are not initializers, plus the initializers the user names as
 * inputs, typed from the user's input types or the graph ({@code dim_param} dims become symbols, unnamed unknown
 * dims {@code <input>_d<i>}).
 */
final class OnnxGraphInputs {
    private OnnxGraphInputs() {
    }

    /** The function inputs: graph inputs that are not initializers, plus initializers the user names as inputs. */
    static Map<String, ValueType> types(GraphProto graph, Set<String> initializers, ConversionOptions options,
            String file) {
        Set<String> graphInputs = new HashSet<>();
        for (ValueInfoProto vi : graph.getInputList()) {
            graphInputs.add(vi.getName());
        }
        List<String> unknown = options.inputs().stream().map(InputType::name)
                .filter(n -> !graphInputs.contains(n)).toList();
        if (!unknown.isEmpty()) {
            throw new ConversionException(Diagnostic.error("ONNX model " + file + " has no graph input named "
                    + unknown.stream().map(n -> "`" + n + "`").collect(Collectors.joining(", ")))
                    .withHint("its inputs are " + graph.getInputList().stream()
                            .filter(vi -> !initializers.contains(vi.getName()))
                            .map(vi -> "`" + vi.getName() + "`").collect(Collectors.joining(", "))));
        }
        Map<String, ValueType> types = new LinkedHashMap<>();
        for (ValueInfoProto vi : graph.getInputList()) {
            Optional<InputType> user = options.input(vi.getName());
            if (initializers.contains(vi.getName()) && user.isEmpty()) {
                continue;
            }
            types.put(vi.getName(), type(vi, user, file));
        }
        return types;
    }

    /**
     * The type of a function input at the model's interface: a scalar (rank 0) becomes shape [1], which Core ML's
     * interface can describe (as coremltools does); the translator reshapes it back to a scalar inside.
     */
    static ValueType interfaceType(ValueType type) {
        return type instanceof TensorType t && t.isScalar() ? new TensorType(t.dtype(), Shape.of(1)) : type;
    }

    private static TensorType type(ValueInfoProto vi, Optional<InputType> user, String file) {
        String name = vi.getName();
        Optional<DType> userDtype = user.flatMap(InputType::dtype);
        Optional<Shape> userShape = user.flatMap(InputType::shape);
        if (!vi.getType().hasTensorType()) {
            throw new ConversionException(Diagnostic.error("graph input `" + name + "` of ONNX model " + file
                    + " is not a tensor (" + vi.getType().getValueCase() + ")")
                    .withHint("only tensor inputs convert to Core ML"));
        }
        var tt = vi.getType().getTensorType();
        DType dtype = userDtype.orElseGet(() -> OnnxTypes.computeDtype(tt.getElemType()).orElseThrow(() ->
                new ConversionException(Diagnostic.error("graph input `" + name + "` of ONNX model " + file
                        + " has element type " + OnnxTypes.name(tt.getElemType()) + ", which has no MIL equivalent")
                        .withHint("give the input a dtype (InputType with fp32, fp16, int32 or bool)"))));
        if (userShape.isPresent()) {
            return new TensorType(dtype, userShape.get());
        }
        if (!tt.hasShape()) {
            throw new ConversionException(Diagnostic.error("graph input `" + name + "` of ONNX model " + file
                    + " has no shape").withHint("give the input a shape (InputType.of(\"" + name
                    + "\", Shape.parse(\"1x3xHxW\")))"));
        }
        List<Dim> dims = new ArrayList<>();
        String base = OnnxTypes.sanitize(name, "input");
        for (int i = 0; i < tt.getShape().getDimCount(); i++) {
            TensorShapeProto.Dimension d = tt.getShape().getDim(i);
            if (d.hasDimValue() && d.getDimValue() >= 0) {
                dims.add(Dim.of(d.getDimValue()));
            } else if (d.hasDimParam() && !d.getDimParam().isEmpty()) {
                dims.add(Dim.symbol(OnnxTypes.sanitize(d.getDimParam(), base + "_d" + i)));
            } else {
                dims.add(Dim.symbol(base + "_d" + i));
            }
        }
        return new TensorType(dtype, Shape.of(dims));
    }
}
