package dev.mil4j.converter.spi;

import static java.util.Objects.requireNonNull;

import dev.mil4j.core.ir.Identifiers;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.DimBound;
import dev.mil4j.core.types.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A user's description of one model input: its name, and optionally its shape (static sizes, named symbols, and
 * bounded symbols, as in {@code 1x3xHxW} or {@code 1xS=1..512}) and dtype. TorchScript inputs are positional: the
 * i-th input type describes the i-th argument of {@code forward}; TensorFlow and ONNX inputs are matched by name and
 * default to the model's own shapes. Bounds give the sizes a symbolic dimension may take: the converter puts them on
 * the translated function's inputs ({@code Function.dimBound}), from which the backends write the model's flexible
 * shape ranges.
 */
public record InputType(String name, Optional<Shape> shape, Optional<DType> dtype, Map<String, DimBound> bounds) {
    public InputType {
        requireNonNull(name, "name is null");
        requireNonNull(shape, "shape is null");
        requireNonNull(dtype, "dtype is null");
        bounds = Map.copyOf(bounds);
    }

    public InputType(String name, Optional<Shape> shape, Optional<DType> dtype) {
        this(name, shape, dtype, Map.of());
    }

    public static InputType of(String name, Shape shape) {
        return new InputType(name, Optional.of(shape), Optional.empty());
    }

    public static InputType of(String name, Shape shape, DType dtype) {
        return new InputType(name, Optional.of(shape), Optional.of(dtype));
    }

    /**
     * Parses the command-line form {@code NAME[:DIMS[:DTYPE]]}, where DIMS are sizes and symbols separated by
     * {@code x}, a symbol optionally bounded ({@code S=1..512}) and a bare range standing for a new symbol
     * ({@code 1..512}, named {@code NAME_i}): e.g. {@code image:1x3x224x224:fp32}, {@code tokens:1xS=1..512:int32}.
     *
     * @throws IllegalArgumentException with a message saying what is wrong and the expected form
     */
    public static InputType parse(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length > 3 || parts[0].isEmpty()) {
            throw new IllegalArgumentException("bad input '" + text + "': expected NAME[:DIMS[:DTYPE]], e.g. "
                    + "x:1x3x224x224:fp32 or tokens:1xS=1..512:int32");
        }
        String name = parts[0];
        Optional<Shape> shape = Optional.empty();
        Map<String, DimBound> bounds = new LinkedHashMap<>();
        if (parts.length > 1 && !parts[1].isEmpty()) {
            String[] tokens = parts[1].split("x", -1);
            List<Dim> dims = new ArrayList<>();
            for (int i = 0; i < tokens.length; i++) {
                String t = tokens[i];
                int eq = t.indexOf('=');
                if (eq >= 0 || t.contains("..")) {
                    String symbol = eq >= 0 ? t.substring(0, eq) : sanitize(name) + "_" + i;
                    DimBound bound = DimBound.parse(eq >= 0 ? t.substring(eq + 1) : t);
                    if (!Dim.isSymbolName(symbol)) {
                        throw new IllegalArgumentException("bad dimension '" + t + "' in input '" + text
                                + "': a bounded dimension is SYMBOL=LO..HI, e.g. S=1..512");
                    }
                    DimBound previous = bounds.putIfAbsent(symbol, bound);
                    if (previous != null && !previous.equals(bound)) {
                        throw new IllegalArgumentException("symbol " + symbol + " has two ranges in input '" + text
                                + "': " + previous + " and " + bound);
                    }
                    dims.add(Dim.symbol(symbol));
                } else {
                    try {
                        dims.addAll(Shape.parse(t).dims());
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("bad dimension '" + t + "' in input '" + text
                                + "': use sizes, symbols or bounded symbols separated by 'x', e.g. 1x3xHxW or "
                                + "1xS=1..512");
                    }
                }
            }
            shape = Optional.of(Shape.of(dims));
        }
        Optional<DType> dtype = Optional.empty();
        if (parts.length == 3) {
            dtype = Optional.of(DType.fromMilName(parts[2]).orElseThrow(() -> new IllegalArgumentException(
                    "bad dtype '" + parts[2] + "' in input '" + text + "': use fp32, fp16, int32, int64 or bool")));
        }
        return new InputType(name, shape, dtype, bounds);
    }

    private static String sanitize(String name) {
        return Identifiers.sanitize(name);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name);
        shape.ifPresent(s -> {
            sb.append(':');
            for (int i = 0; i < s.rank(); i++) {
                if (i > 0) {
                    sb.append('x');
                }
                Dim d = s.dim(i);
                sb.append(d);
                if (!d.isKnown() && bounds.containsKey(d.toString())) {
                    sb.append('=').append(bounds.get(d.toString()));
                }
            }
        });
        dtype.ifPresent(d -> sb.append(shape.isPresent() ? ":" : "::").append(d));
        return sb.toString();
    }
}
