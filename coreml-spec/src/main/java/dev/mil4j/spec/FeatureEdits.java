package dev.mil4j.spec;

import static java.util.Objects.requireNonNull;

import dev.mil4j.spec.proto.FeatureDescription;
import dev.mil4j.spec.proto.FeatureType;
import dev.mil4j.spec.proto.ImageFeatureType;
import dev.mil4j.spec.proto.Metadata;
import dev.mil4j.spec.proto.ModelDescription;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Changes of a model's description that the converter's options and {@code mil4j edit} make, as coremltools makes
 * them: an input's MultiArray type to an image type, the metadata fields, a feature's description. Each works on a
 * {@link ModelDescription.Builder}, whatever kind of model it describes.
 */
public final class FeatureEdits {
    private FeatureEdits() {
    }

    /**
     * Makes the input {@code name}, a MultiArray of shape {@code [1, C, H, W]} (or {@code [C, H, W]}), an image of
     * that width and height in {@code colorSpace}, as coremltools describes a {@code ct.ImageType} input.
     *
     * @throws IllegalArgumentException when there is no such input or its shape is not an image's
     */
    public static void toImageInput(ModelDescription.Builder description, String name,
            ImageFeatureType.ColorSpace colorSpace) {
        FeatureDescription.Builder feature = input(description, name).orElseThrow(() ->
                new IllegalArgumentException("the model has no input '" + name + "'"));
        List<Long> shape = feature.getType().getMultiArrayType().getShapeList();
        if (shape.size() < 3) {
            throw new IllegalArgumentException("input '" + name + "' has shape " + shape + ", not [1, C, H, W]");
        }
        feature.setType(FeatureType.newBuilder().setImageType(ImageFeatureType.newBuilder()
                .setColorSpace(colorSpace)
                .setHeight(shape.get(shape.size() - 2))
                .setWidth(shape.get(shape.size() - 1))));
    }

    /**
     * Makes the output {@code name}, a MultiArray of static shape {@code [1, C, H, W]}, an image of that width and
     * height in {@code colorSpace}, as coremltools describes a {@code ct.ImageType} output.
     *
     * @throws IllegalArgumentException when there is no such output or its shape is not an image's
     */
    public static void toImageOutput(ModelDescription.Builder description, String name,
            ImageFeatureType.ColorSpace colorSpace) {
        FeatureDescription.Builder feature = output(description, name).orElseThrow(() ->
                new IllegalArgumentException("the model has no output '" + name + "'"));
        List<Long> shape = feature.getType().getMultiArrayType().getShapeList();
        if (shape.size() != 4) {
            throw new IllegalArgumentException("output '" + name + "' has shape " + shape + ", not [1, C, H, W]");
        }
        feature.setType(FeatureType.newBuilder().setImageType(ImageFeatureType.newBuilder()
                .setColorSpace(colorSpace).setHeight(shape.get(2)).setWidth(shape.get(3))));
    }

    /**
     * Gives the MultiArray input {@code name} enumerated shapes, as coremltools writes {@code ct.EnumeratedShapes}:
     * the default shape as its shape and the list in {@code enumeratedShapes} (no shape range).
     *
     * @throws IllegalArgumentException when there is no such MultiArray input
     */
    public static void setEnumeratedShapes(ModelDescription.Builder description, String name, List<long[]> shapes,
            long[] defaultShape) {
        FeatureDescription.Builder feature = input(description, name).filter(f -> f.getType().hasMultiArrayType())
                .orElseThrow(() -> new IllegalArgumentException("the model has no MultiArray input '" + name + "'"));
        var array = feature.getTypeBuilder().getMultiArrayTypeBuilder();
        array.clearShape().clearShapeRange();
        for (long d : defaultShape) {
            array.addShape(d);
        }
        var enumerated = array.getEnumeratedShapesBuilder().clearShapes();
        for (long[] s : shapes) {
            var shape = enumerated.addShapesBuilder();
            for (long d : s) {
                shape.addShape(d);
            }
        }
    }

    /**
     * Sets the metadata fields that are not empty and adds the user-defined entries (replacing a key's value).
     */
    public static void setMetadata(ModelDescription.Builder description, String author, String license,
            String shortDescription, String version, Map<String, String> userDefined) {
        if (author.isEmpty() && license.isEmpty() && shortDescription.isEmpty() && version.isEmpty()
                && userDefined.isEmpty()) {
            return; // no metadata message where there was none
        }
        Metadata.Builder m = description.getMetadataBuilder();
        if (!author.isEmpty()) {
            m.setAuthor(author);
        }
        if (!license.isEmpty()) {
            m.setLicense(license);
        }
        if (!shortDescription.isEmpty()) {
            m.setShortDescription(shortDescription);
        }
        if (!version.isEmpty()) {
            m.setVersionString(version);
        }
        m.putAllUserDefined(userDefined);
    }

    /**
     * Sets the description of the input or output {@code name}.
     *
     * @throws IllegalArgumentException naming the model's features when there is no such feature
     */
    public static void describe(ModelDescription.Builder description, String name, String text) {
        requireNonNull(text, "text is null");
        Optional<FeatureDescription.Builder> f = input(description, name).or(() -> output(description, name));
        if (f.isEmpty()) {
            throw new IllegalArgumentException("the model has no input or output '" + name + "'; its features are "
                    + String.join(", ", featureNames(description)));
        }
        f.get().setShortDescription(text);
    }

    /** The names of the inputs, then the outputs. */
    public static List<String> featureNames(ModelDescription.Builder description) {
        return java.util.stream.Stream.concat(description.getInputList().stream(),
                description.getOutputList().stream()).map(FeatureDescription::getName).toList();
    }

    /** The input of that name, to change. */
    public static Optional<FeatureDescription.Builder> input(ModelDescription.Builder description, String name) {
        return description.getInputBuilderList().stream().filter(f -> f.getName().equals(name)).findFirst();
    }

    /** The output of that name, to change. */
    public static Optional<FeatureDescription.Builder> output(ModelDescription.Builder description, String name) {
        return description.getOutputBuilderList().stream().filter(f -> f.getName().equals(name)).findFirst();
    }
}
