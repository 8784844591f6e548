package dev.mil4j.converter;

/**
 * Progress of a conversion, stage by stage (load, translate, each pass, check, write), for a progress bar or log
 * lines. Called on the converting thread; implementations must be quick.
 */
public interface ProgressListener {
    ProgressListener NONE = new ProgressListener() {
    };

    default void stageStarted(String stage) {
    }

    /** Work within a stage: {@code done} of {@code total} units (total may be 0 when unknown). */
    default void stageProgress(String stage, long done, long total) {
    }

    default void stageFinished(String stage, long nanos) {
    }
}
