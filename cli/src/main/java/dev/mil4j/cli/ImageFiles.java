package dev.mil4j.cli;

import dev.mil4j.converter.spi.ColorLayout;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.value.TensorValue;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * PNG and JPEG files as the value of an image input: the pixels as an fp32 tensor {@code [1, C, H, W]} of values 0 to
 * 255 in the layout's channel order, before the model's scale and bias (which the model applies, as Core ML does). A
 * gray layout takes a one-band image's values as they are and a color image's luma
 * ({@code 0.299 R + 0.587 G + 0.114 B}, rounded); alpha is ignored.
 */
final class ImageFiles {
    private ImageFiles() {
    }

    /** Whether the file's name says it is a PNG or JPEG image. */
    static boolean isImage(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg");
    }

    /**
     * Reads the image.
     *
     * @throws IOException when the file does not exist or is not an image ImageIO reads
     */
    static TensorValue read(Path file, ColorLayout layout) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        BufferedImage image = ImageIO.read(file.toFile());
        if (image == null) {
            throw new IOException(file + " is not a PNG or JPEG image that Java's ImageIO reads");
        }
        return pixels(image, layout);
    }

    /** The pixels of an image in the layout's channel order. */
    static TensorValue pixels(BufferedImage image, ColorLayout layout) {
        int h = image.getHeight();
        int w = image.getWidth();
        int c = layout.channels();
        float[] out = new float[c * h * w];
        Raster raster = image.getRaster();
        boolean oneBand = raster.getNumBands() == 1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int plane = y * w + x;
                if (c == 1) {
                    out[plane] = oneBand ? raster.getSample(x, y, 0) : luma(image.getRGB(x, y));
                    continue;
                }
                int rgb = image.getRGB(x, y);
                float r = (rgb >> 16) & 0xff;
                float g = (rgb >> 8) & 0xff;
                float b = rgb & 0xff;
                boolean bgr = layout == ColorLayout.BGR;
                out[plane] = bgr ? b : r;
                out[h * w + plane] = g;
                out[2 * h * w + plane] = bgr ? r : b;
            }
        }
        return TensorValue.ofFloats(Shape.of(1, c, h, w), out);
    }

    private static float luma(int rgb) {
        return Math.round(0.299f * ((rgb >> 16) & 0xff) + 0.587f * ((rgb >> 8) & 0xff) + 0.114f * (rgb & 0xff));
    }
}
