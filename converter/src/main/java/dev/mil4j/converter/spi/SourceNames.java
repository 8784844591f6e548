package dev.mil4j.converter.spi;

import static java.util.Objects.requireNonNull;

import dev.mil4j.core.ir.Program;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The source model's own names of the main function's inputs and outputs, in order, kept as program attributes
 * ({@value #INPUTS}, {@value #OUTPUTS}: JSON arrays of strings) when a frontend had to change them into Core ML
 * identifiers (ONNX's {@code x.1} becomes {@code x_1}). The ML Program keeps program attributes in its
 * {@code buildInfo}, a NeuralNetwork model in its user-defined metadata, so tools such as {@code mil4j run} can map
 * the names back, for the converted model too. Recorded by position: passes rename vars, never reorder them.
 */
public final class SourceNames {
    /** The program attribute holding the source names of the inputs. */
    public static final String INPUTS = "source_input_names";
    /** The program attribute holding the source names of the outputs. */
    public static final String OUTPUTS = "source_output_names";

    private SourceNames() {
    }

    /** Records the source names when any differs from the name of its var; does nothing otherwise. */
    public static void record(Program program, List<String> inputs, List<String> outputs) {
        requireNonNull(program, "program is null");
        var main = program.main();
        if (differ(inputs, main.inputs().stream().map(v -> v.name()).toList())
                || differ(outputs, main.outputs().stream().map(v -> v.name()).toList())) {
            program.setAttribute(INPUTS, encode(inputs));
            program.setAttribute(OUTPUTS, encode(outputs));
        }
    }

    /** The source names of the inputs in order, if recorded (and well formed). */
    public static Optional<List<String>> inputs(Program program) {
        return Optional.ofNullable(program.attributes().get(INPUTS)).flatMap(SourceNames::decode);
    }

    /** The source names of the outputs in order, if recorded (and well formed). */
    public static Optional<List<String>> outputs(Program program) {
        return Optional.ofNullable(program.attributes().get(OUTPUTS)).flatMap(SourceNames::decode);
    }

    private static boolean differ(List<String> source, List<String> vars) {
        return source.size() != vars.size() || !source.equals(vars);
    }

    /** A JSON array of strings. */
    static String encode(List<String> names) {
        StringBuilder sb = new StringBuilder("[");
        for (String n : names) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append('"');
            for (int i = 0; i < n.length(); i++) {
                char c = n.charAt(i);
                if (c == '"' || c == '\\') {
                    sb.append('\\').append(c);
                } else if (c < 0x20) {
                    sb.append(String.format("\\u%04x", (int) c));
                } else {
                    sb.append(c);
                }
            }
            sb.append('"');
        }
        return sb.append(']').toString();
    }

    /** The strings of a JSON array written by {@link #encode}; empty when the text is not one. */
    static Optional<List<String>> decode(String text) {
        List<String> out = new ArrayList<>();
        String s = text.strip();
        if (!s.startsWith("[") || !s.endsWith("]")) {
            return Optional.empty();
        }
        int i = 1;
        int end = s.length() - 1;
        while (true) {
            while (i < end && (s.charAt(i) == ' ' || s.charAt(i) == ',')) {
                i++;
            }
            if (i >= end) {
                return Optional.of(List.copyOf(out));
            }
            if (s.charAt(i) != '"') {
                return Optional.empty();
            }
            StringBuilder n = new StringBuilder();
            i++;
            while (i < end && s.charAt(i) != '"') {
                char c = s.charAt(i++);
                if (c == '\\' && i < end) {
                    char e = s.charAt(i++);
                    if (e == 'u' && i + 4 <= end) {
                        try {
                            n.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        } catch (NumberFormatException bad) {
                            return Optional.empty();
                        }
                        i += 4;
                    } else {
                        n.append(e);
                    }
                } else {
                    n.append(c);
                }
            }
            if (i >= end) {
                return Optional.empty();
            }
            out.add(n.toString());
            i++;
        }
    }
}
