package dev.mil4j.converter.spi;

import static java.util.Objects.requireNonNull;

/**
 * An output the model returns as an image, as coremltools' {@code ct.ImageType} in {@code outputs=}: an ML Program of
 * iOS16 or later describes the output, a 4-d tensor {@code [1, C, H, W]} with the layout's channels, as an image of
 * that size; the program's output stays an fp32 tensor (values 0 to 255).
 *
 * @param name the model output's name
 * @param layout the channel order
 */
public record ImageOutput(String name, ColorLayout layout) {
    /** The usage text of the command-line form, for messages. */
    public static final String FORM = "NAME[:layout=RGB|BGR|GRAYSCALE|GRAYSCALE_FLOAT16]";

    public ImageOutput {
        requireNonNull(name, "name is null");
        requireNonNull(layout, "layout is null");
    }

    /**
     * Parses {@value #FORM}; RGB by default.
     *
     * @throws IllegalArgumentException naming the part that is wrong and the expected form
     */
    public static ImageOutput parse(String text) {
        String[] parts = text.split(":", -1);
        if (parts[0].isEmpty() || parts.length > 2 || parts.length == 2 && !parts[1].startsWith("layout=")) {
            throw new IllegalArgumentException("bad --image-output '" + text + "': expected " + FORM);
        }
        ColorLayout layout = parts.length == 1 ? ColorLayout.RGB : ColorLayout.parse(parts[1].substring(7))
                .orElseThrow(() -> new IllegalArgumentException("bad layout in --image-output '" + text
                        + "': use RGB, BGR, GRAYSCALE or GRAYSCALE_FLOAT16"));
        return new ImageOutput(parts[0], layout);
    }
}
