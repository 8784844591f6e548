package dev.mil4j.converter.spi;

import static java.util.Objects.requireNonNull;

import dev.mil4j.core.ir.Identifiers;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * The shapes an input may take, one of a list, as coremltools' {@code ct.EnumeratedShapes}: the model is translated
 * with a shape whose dimensions that differ between the shapes are symbols ({@code NAME_i} for dimension i), and the
 * model's description lists the shapes, with the default one as the input's shape.
 *
 * @param name the input's name
 * @param shapes the shapes, at least one, all of one rank, static
 * @param defaultShape the shape the description gives the input, one of {@code shapes}
 */
public record EnumeratedShapes(String name, List<Shape> shapes, Shape defaultShape) {
    /** The usage text of the command-line form, for messages. */
    public static final String FORM = "NAME:DIMS,DIMS[,...] (the first is the default), e.g. x:1x3x32x32,1x3x64x64";

    public EnumeratedShapes {
        requireNonNull(name, "name is null");
        shapes = List.copyOf(shapes);
        requireNonNull(defaultShape, "defaultShape is null");
        if (shapes.isEmpty()) {
            throw new IllegalArgumentException("input '" + name + "' has no enumerated shapes");
        }
        for (Shape s : shapes) {
            if (!s.isStatic() || s.rank() != shapes.get(0).rank()) {
                throw new IllegalArgumentException("the enumerated shapes of input '" + name + "' must be static "
                        + "and of one rank, but they are " + shapes);
            }
        }
        if (!shapes.contains(defaultShape)) {
            throw new IllegalArgumentException("the default shape " + defaultShape + " of input '" + name
                    + "' is not one of its shapes " + shapes);
        }
    }

    /**
     * Parses {@value #FORM}.
     *
     * @throws IllegalArgumentException naming the part that is wrong and the expected form
     */
    public static EnumeratedShapes parse(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("bad --input-shapes '" + text + "': expected " + FORM);
        }
        String name = text.substring(0, colon);
        List<Shape> shapes = new ArrayList<>();
        for (String s : text.substring(colon + 1).split(",", -1)) {
            try {
                shapes.add(Shape.parse(s));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bad shape '" + s + "' in --input-shapes '" + text + "': expected "
                        + FORM);
            }
        }
        try {
            return new EnumeratedShapes(name, shapes, shapes.get(0));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad --input-shapes '" + text + "': " + e.getMessage(), e);
        }
    }

    /** The shape to translate with: the dimensions all shapes share, and a symbol {@code NAME_i} for the others. */
    public Shape translatedShape() {
        List<Dim> dims = new ArrayList<>();
        Shape first = shapes.get(0);
        for (int i = 0; i < first.rank(); i++) {
            long size = first.dim(i).size();
            final int axis = i;
            boolean same = shapes.stream().allMatch(s -> s.dim(axis).size() == size);
            dims.add(same ? Dim.of(size) : Dim.symbol(symbolName(i)));
        }
        return Shape.of(dims);
    }

    private String symbolName(int axis) {
        return Identifiers.sanitize(name) + "_" + axis;
    }
}
