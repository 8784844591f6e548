package dev.mil4j.backend.mlprogram;

import static java.util.Objects.requireNonNull;

import dev.mil4j.core.ir.Identifiers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a multifunction package is made of (Core ML iOS18): for each of its functions, the package and the function
 * in it it comes from, and the name it gets; and the default function, the one Core ML runs when the app names none.
 * The counterpart of coremltools' {@code MultiFunctionDescriptor}; {@link MlPackageCodec#merge} writes the package.
 *
 * <pre>{@code
 * MultiFunctionDescriptor d = MultiFunctionDescriptor.builder()
 *         .add(Path.of("relu.mlpackage"), "main", "relu_head")
 *         .add(Path.of("sigmoid.mlpackage"), "main", "sigmoid_head")
 *         .defaultFunction("relu_head")
 *         .build();
 * }</pre>
 * Immutable.
 */
public final class MultiFunctionDescriptor {

    /**
     * One function of the package.
     *
     * @param source the {@code .mlpackage} it comes from
     * @param sourceFunction its name there ({@code main} for a package of one function)
     * @param name its name in the multifunction package
     */
    public record Entry(Path source, String sourceFunction, String name) {
        /** Checks that no component is null. */
        public Entry {
            requireNonNull(source, "source is null");
            requireNonNull(sourceFunction, "sourceFunction is null");
            requireNonNull(name, "name is null");
        }
    }

    private final List<Entry> entries;
    private final String defaultFunction;

    private MultiFunctionDescriptor(List<Entry> entries, String defaultFunction) {
        this.entries = List.copyOf(entries);
        this.defaultFunction = defaultFunction;
    }

    /** @return a builder with no function */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the functions, in the order added */
    public List<Entry> entries() {
        return entries;
    }

    /** @return the name of the default function */
    public String defaultFunction() {
        return defaultFunction;
    }

    /** Collects the functions of a multifunction package. Not thread-safe. */
    public static final class Builder {
        private final List<Entry> entries = new ArrayList<>();
        private String defaultFunction;

        private Builder() {
        }

        /**
         * Adds a function.
         *
         * @param source the {@code .mlpackage} it comes from
         * @param sourceFunction its name there
         * @param name its name in the multifunction package: an identifier not used by another function
         * @return this builder
         */
        public Builder add(Path source, String sourceFunction, String name) {
            entries.add(new Entry(source, sourceFunction, name));
            return this;
        }

        /**
         * @param name the function Core ML runs when none is named; default: the first one added
         * @return this builder
         */
        public Builder defaultFunction(String name) {
            this.defaultFunction = requireNonNull(name, "name is null");
            return this;
        }

        /**
         * @return the descriptor
         * @throws IllegalArgumentException naming the problem: no function, a name that is not an identifier or is
         *     used twice, or a default function that is not one of the functions
         */
        public MultiFunctionDescriptor build() {
            if (entries.isEmpty()) {
                throw new IllegalArgumentException("a multifunction package needs at least one function");
            }
            Set<String> names = new HashSet<>();
            for (Entry e : entries) {
                if (!Identifiers.isValid(e.name())) {
                    throw new IllegalArgumentException("function name '" + e.name() + "' is not an identifier"
                            + " (letters, digits and '_', not starting with a digit)");
                }
                if (!names.add(e.name())) {
                    throw new IllegalArgumentException("function name '" + e.name() + "' is given twice; each"
                            + " function of the package needs its own name");
                }
            }
            String chosen = defaultFunction != null ? defaultFunction : entries.get(0).name();
            if (!names.contains(chosen)) {
                throw new IllegalArgumentException("the default function '" + chosen + "' is not one of the"
                        + " package's functions " + entries.stream().map(Entry::name).toList());
            }
            return new MultiFunctionDescriptor(entries, chosen);
        }
    }
}
