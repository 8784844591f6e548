package dev.mil4j.converter.spi;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * An input the model takes as an image, as coremltools' {@code ct.ImageType}: the pixels (0 to 255, in the channel
 * order of the {@link ColorLayout}) are multiplied by {@code scale} and {@code bias} is added, per channel (three
 * values, in the layout's channel order) or to every pixel (one value), before the model sees them:
 * {@code x = scale * pixel + bias}. The input must be a 4-d tensor {@code [1, C, H, W]} with the layout's channels.
 *
 * @param name the model input's name
 * @param scale the factor applied to every pixel value
 * @param bias one value for all channels, or one per channel in the layout's order
 * @param layout the channel order
 */
public record ImageInput(String name, float scale, List<Float> bias, ColorLayout layout) {
    /** The usage text of the command-line form, for messages. */
    public static final String FORM = "NAME[:scale=S][:bias=R,G,B|:bias=B][:layout=RGB|BGR|GRAYSCALE|GRAYSCALE_FLOAT16]";

    public ImageInput {
        requireNonNull(name, "name is null");
        bias = List.copyOf(bias);
        requireNonNull(layout, "layout is null");
        if (bias.size() != 1 && bias.size() != layout.channels()) {
            throw new IllegalArgumentException("image input '" + name + "' has " + bias.size() + " bias values, but "
                    + "its layout " + layout + " has " + layout.channels() + " channel" + (layout.channels() == 1
                            ? "" : "s") + ": give one bias, or one per channel");
        }
    }

    /** An RGB image input with scale 1 and bias 0 (the pixels as they are). */
    public static ImageInput of(String name) {
        return new ImageInput(name, 1f, List.of(0f), ColorLayout.RGB);
    }

    /** The bias of channel {@code c}: the single bias, or the channel's own. */
    public float bias(int c) {
        return bias.size() == 1 ? bias.get(0) : bias.get(c);
    }

    /** Whether any bias is not zero (coremltools adds the bias only then). */
    public boolean hasBias() {
        return bias.stream().anyMatch(b -> b != 0f);
    }

    /**
     * Parses the command-line form {@value #FORM}, e.g. {@code image:scale=0.00392:bias=-2.1,-2.0,-1.8:layout=BGR}.
     * The defaults are scale 1, bias 0 and RGB, as in coremltools.
     *
     * @throws IllegalArgumentException naming the part that is wrong and the expected form
     */
    public static ImageInput parse(String text) {
        String[] parts = text.split(":", -1);
        if (parts[0].isEmpty()) {
            throw new IllegalArgumentException("bad --image '" + text + "': expected " + FORM);
        }
        float scale = 1f;
        List<Float> bias = List.of(0f);
        ColorLayout layout = ColorLayout.RGB;
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i];
            int eq = p.indexOf('=');
            String key = eq < 0 ? p : p.substring(0, eq);
            String value = eq < 0 ? "" : p.substring(eq + 1);
            switch (key) {
                case "scale" -> scale = number(value, text);
                case "bias" -> {
                    List<Float> values = new ArrayList<>();
                    for (String v : value.split(",", -1)) {
                        values.add(number(v, text));
                    }
                    bias = values;
                }
                case "layout" -> layout = ColorLayout.parse(value).orElseThrow(() -> new IllegalArgumentException(
                        "bad layout '" + value + "' in --image '" + text
                                + "': use RGB, BGR, GRAYSCALE or GRAYSCALE_FLOAT16"));
                default -> throw new IllegalArgumentException("bad part '" + p + "' in --image '" + text
                        + "': expected " + FORM);
            }
        }
        try {
            return new ImageInput(parts[0], scale, bias, layout);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad --image '" + text + "': " + e.getMessage(), e);
        }
    }

    private static float number(String value, String text) {
        try {
            return Float.parseFloat(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad number '" + value + "' in --image '" + text + "': expected "
                    + FORM);
        }
    }
}
