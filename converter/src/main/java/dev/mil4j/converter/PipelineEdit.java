package dev.mil4j.converter;

import static java.util.Objects.requireNonNull;

import dev.mil4j.core.pass.PassPipeline;

/** One user edit of the pass pipeline of a conversion (as given with {@code --pipeline-remove} and friends). */
public sealed interface PipelineEdit {
    PassPipeline applyTo(PassPipeline pipeline);

    /** Removes every occurrence of a pass. */
    record Remove(String passId) implements PipelineEdit {
        public Remove {
            requireNonNull(passId, "passId is null");
        }

        @Override
        public PassPipeline applyTo(PassPipeline pipeline) {
            return pipeline.remove(passId);
        }
    }

    /** Appends a pass at the end. */
    record Append(String passId) implements PipelineEdit {
        public Append {
            requireNonNull(passId, "passId is null");
        }

        @Override
        public PassPipeline applyTo(PassPipeline pipeline) {
            return pipeline.append(passId);
        }
    }

    /** Inserts a pass before another. */
    record InsertBefore(String anchor, String passId) implements PipelineEdit {
        public InsertBefore {
            requireNonNull(anchor, "anchor is null");
            requireNonNull(passId, "passId is null");
        }

        @Override
        public PassPipeline applyTo(PassPipeline pipeline) {
            return pipeline.insertBefore(anchor, passId);
        }
    }

    /** Sets an option of a pass. */
    record SetOption(String passId, String option, String value) implements PipelineEdit {
        public SetOption {
            requireNonNull(passId, "passId is null");
            requireNonNull(option, "option is null");
            requireNonNull(value, "value is null");
        }

        @Override
        public PassPipeline applyTo(PassPipeline pipeline) {
            return pipeline.withOption(passId, option, value);
        }
    }
}
