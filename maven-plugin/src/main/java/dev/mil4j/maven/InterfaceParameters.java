package dev.mil4j.maven;

import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.converter.spi.ClassifierConfig;
import dev.mil4j.converter.spi.EnumeratedShapes;
import dev.mil4j.converter.spi.ImageInput;
import dev.mil4j.converter.spi.ImageOutput;
import dev.mil4j.converter.spi.ModelMetadata;
import dev.mil4j.core.types.DType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoFailureException;

/**
 * The {@code convert} goal's parameters for what an app sees of the model (image inputs and outputs, enumerated
 * shapes, output dtypes, a classifier, per-op precision, metadata), in the CLI's forms, added to the options.
 *
 * @param images {@code <images>}: the CLI's {@code --image} form
 * @param imageOutputs {@code <imageOutputs>}: {@code --image-output}
 * @param inputShapes {@code <inputShapes>}: {@code --input-shapes}
 * @param outputs {@code <outputs>}: {@code --output-name NAME[:DTYPE]}
 * @param classifierLabels {@code <classifierLabels>}: {@code --classifier-labels}
 * @param predictedFeature {@code <predictedFeature>}
 * @param fp32Ops {@code <fp32Ops>}: op types or names kept in fp32
 * @param metadata {@code <author>}, {@code <license>}, {@code <shortDescription>}, {@code <versionString>},
 *     {@code <meta>} ({@code KEY=VALUE}) and {@code <descriptions>} ({@code NAME=TEXT})
 */
record InterfaceParameters(List<String> images, List<String> imageOutputs, List<String> inputShapes,
        List<String> outputs, String classifierLabels, String predictedFeature, List<String> fp32Ops,
        ModelMetadata metadata) {

    InterfaceParameters {
        images = listOf(images);
        imageOutputs = listOf(imageOutputs);
        inputShapes = listOf(inputShapes);
        outputs = listOf(outputs);
        fp32Ops = listOf(fp32Ops);
    }

    /** The metadata of the parameters; {@code meta} and {@code descriptions} in {@code KEY=VALUE} form. */
    static ModelMetadata metadata(String author, String license, String shortDescription, String version,
            List<String> meta, List<String> descriptions) throws MojoFailureException {
        ModelMetadata m = ModelMetadata.NONE.withAuthor(orEmpty(author)).withLicense(orEmpty(license))
                .withShortDescription(orEmpty(shortDescription)).withVersion(orEmpty(version));
        try {
            for (String kv : listOf(meta)) {
                Map.Entry<String, String> e = ModelMetadata.keyValue(kv, "<meta>");
                m = m.withUserDefined(e.getKey(), e.getValue());
            }
            for (String kv : listOf(descriptions)) {
                Map.Entry<String, String> e = ModelMetadata.keyValue(kv, "<descriptions>");
                m = m.withDescription(e.getKey(), e.getValue());
            }
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException("mil4j: " + e.getMessage());
        }
        return m;
    }

    /** Adds the parameters to {@code b}. */
    void applyTo(ConvertOptions.Builder b) throws MojoFailureException {
        try {
            images.forEach(i -> b.imageInput(ImageInput.parse(i)));
            imageOutputs.forEach(i -> b.imageOutput(ImageOutput.parse(i)));
            inputShapes.forEach(s -> b.enumeratedShapes(EnumeratedShapes.parse(s)));
            for (String o : outputs) {
                int colon = o.indexOf(':');
                if (colon < 0) {
                    b.output(o);
                } else {
                    String dtype = o.substring(colon + 1);
                    b.output(o.substring(0, colon), DType.fromMilName(dtype).orElseThrow(() ->
                            new IllegalArgumentException("bad dtype '" + dtype + "' in <output> '" + o
                                    + "': use fp16 or fp32")));
                }
            }
            if (classifierLabels != null) {
                b.classifier(new ClassifierConfig(ClassifierConfig.parseLabels(classifierLabels),
                        predictedFeature != null ? predictedFeature : ClassifierConfig.DEFAULT_PREDICTED_FEATURE));
            }
            b.fp32Ops(fp32Ops);
            b.metadata(metadata);
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException("mil4j: " + e.getMessage());
        }
    }

    /** The parameters as text, for the record of what an output depends on. */
    String stamp() {
        return "images " + images + "\nimageOutputs " + imageOutputs + "\ninputShapes " + inputShapes + "\noutputs "
                + outputs + "\nclassifierLabels " + classifierLabels + "\npredictedFeature " + predictedFeature
                + "\nfp32Ops " + fp32Ops + "\nmetadata " + metadata;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static List<String> listOf(List<String> values) {
        return values == null ? List.of() : new ArrayList<>(values);
    }
}
