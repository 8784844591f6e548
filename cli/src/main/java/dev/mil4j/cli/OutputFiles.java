package dev.mil4j.cli;

import dev.mil4j.core.types.DType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.interpreter.Value;
import dev.mil4j.interpreter.npy.Npy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How {@code mil4j run} writes the outputs of a model: a numeric tensor as {@code NAME.npy}; a string tensor (an ML
 * Program classifier's label) as {@code NAME.txt}, one element per line; a dictionary (a classifier's probabilities)
 * as {@code NAME.json}, an object from each key to its value in the model's key order (integer keys as JSON strings,
 * as JSON requires).
 */
final class OutputFiles {
    private OutputFiles() {
    }

    /**
     * Writes every output into {@code folder} (which exists).
     *
     * @return each written file's name to the type of what it holds, in output order
     */
    static Map<String, String> write(Map<String, Value> outputs, Path folder) throws IOException {
        Map<String, String> written = new LinkedHashMap<>();
        for (Map.Entry<String, Value> e : outputs.entrySet()) {
            String name = RunCommand.fileName(e.getKey());
            Value v = e.getValue();
            String file;
            if (v instanceof Value.Dictionary d) {
                file = name + ".json";
                Files.writeString(folder.resolve(file), Json.write(asMap(d)) + "\n", StandardCharsets.UTF_8);
            } else if (v.tensor().dtype() == DType.STRING) {
                file = name + ".txt";
                StringBuilder text = new StringBuilder();
                for (String s : v.tensor().toStringArray()) {
                    text.append(s).append('\n');
                }
                Files.writeString(folder.resolve(file), text, StandardCharsets.UTF_8);
            } else {
                file = name + ".npy";
                Npy.write(folder.resolve(file), v.tensor());
            }
            written.put(file, v.type().toString());
        }
        return written;
    }

    /** A dictionary's entries in its key order, the keys as text. */
    static Map<String, Object> asMap(Value.Dictionary d) {
        Map<String, Object> out = new LinkedHashMap<>();
        TensorValue keys = d.keys();
        for (long i = 0; i < keys.elementCount(); i++) {
            String key = keys.dtype() == DType.STRING ? keys.getString(i) : Long.toString(keys.getLong(i));
            out.put(key, d.values().dtype().isFloat() ? (Object) d.values().getDouble(i) : d.values().getLong(i));
        }
        return out;
    }

    /** The text of a scalar output: the string, or the number. */
    static String scalarText(TensorValue v) {
        return v.dtype() == DType.STRING ? v.getString(0) : v.dtype().isFloat() ? Double.toString(v.getDouble(0))
                : Long.toString(v.getLong(0));
    }
}
