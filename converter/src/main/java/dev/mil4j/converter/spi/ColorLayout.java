package dev.mil4j.converter.spi;

import java.util.Locale;
import java.util.Optional;

/**
 * The color layout of an image input or output, as Core ML's {@code ImageFeatureType.ColorSpace} names it: the order
 * of the channels of the 4-d tensor the model sees ({@code [1, C, H, W]}). {@link #GRAYSCALE_FLOAT16} is a one-channel
 * image of fp16 values, for ML Programs from iOS16 on.
 */
public enum ColorLayout {
    RGB(3), BGR(3), GRAYSCALE(1), GRAYSCALE_FLOAT16(1);

    private final int channels;

    ColorLayout(int channels) {
        this.channels = channels;
    }

    /** The number of channels: 3 for RGB and BGR, 1 for the gray layouts. */
    public int channels() {
        return channels;
    }

    /** The layout of a name, ignoring case. */
    public static Optional<ColorLayout> parse(String text) {
        for (ColorLayout l : values()) {
            if (l.name().equalsIgnoreCase(text)) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return name().toUpperCase(Locale.ROOT);
    }
}
