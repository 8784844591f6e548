package dev.mil4j.core.pass;

/** Progress of a pipeline run, e.g. for a progress bar. Calls come from the thread running the pipeline. */
public interface PassListener {
    PassListener NONE = new PassListener() {
    };

    /** Pass {@code index} (0-based) of {@code total} starts. */
    default void passStarted(String passId, int index, int total) {
    }

    /** Pass {@code index} of {@code total} finished. */
    default void passFinished(PassResult result, int index, int total) {
    }
}
