package dev.mil4j.converter.spi;

import dev.mil4j.core.pass.PassListener;
import dev.mil4j.core.pass.PassResult;

/**
 * Progress of a conversion, stage by stage, for a progress display or log lines.
 *
 * <p>The stages run in this order, each started once and finished once unless the conversion fails in it (a stage
 * with no work may be left out):
 * <ol>
 *   <li>{@link #LOAD}: the frontend reads the source model;</li>
 *   <li>{@link #TRANSLATE}: the frontend builds MIL, reporting <em>ops</em> translated of the source graph's total;
 *       its cleanup pipeline belongs to this stage;</li>
 *   <li>{@link #PASSES}: the target's pass pipeline, reporting <em>passes</em> done of total; each pass is also a
 *       nested stage named {@link #passStage(String) "pass " + its id}, started and finished inside this one;</li>
 *   <li>{@link #CHECK}: the backend checks the program;</li>
 *   <li>{@link #WRITE}: the backend writes the model, reporting <em>bytes</em> written of total.</li>
 * </ol>
 *
 * <p>Who reports what: the converter starts and finishes every stage and times it. A frontend only reports
 * translation, with one {@code stageProgress(TRANSLATE, done, total)} per source op; the first such report ends
 * {@code load} and opens {@code translate}. A backend only reports the bytes it has written with
 * {@code stageProgress(WRITE, done, total)}; one that cannot tell the total passes 0 and the converter substitutes
 * the bytes of the program's constants, its estimate of the weights to write.
 *
 * <p>Calls come from the converting thread, often (once per op, per weight), so implementations must be quick: a
 * display redraws at its own pace. Every method has an empty default: implement only what you need.
 */
public interface ProgressListener {
    /** A listener that ignores everything. */
    ProgressListener NONE = new ProgressListener() {
    };

    /** Reading the source model. */
    String LOAD = "load";
    /** Building MIL from the source graph; progress in ops. */
    String TRANSLATE = "translate";
    /** The target's pass pipeline; progress in passes. */
    String PASSES = "passes";
    /** The backend's check of the program. */
    String CHECK = "check";
    /** Writing the model; progress in bytes. */
    String WRITE = "write";

    /** The name of a pass's own stage, nested in {@link #PASSES}: {@code "pass " + passId}. */
    static String passStage(String passId) {
        return "pass " + passId;
    }

    /** Whether a stage is a single pass's ({@link #passStage}) rather than one of the five stages. */
    static boolean isPassStage(String stage) {
        return stage.startsWith("pass ");
    }

    /**
     * A pass manager's listener reporting to {@code listener}: each pass as a nested {@link #passStage stage} and
     * passes done of total as {@link #PASSES} progress. The caller starts and finishes {@code passes} itself.
     */
    static PassListener passListener(ProgressListener listener) {
        return new PassListener() {
            @Override
            public void passStarted(String passId, int index, int total) {
                listener.stageStarted(passStage(passId));
                listener.stageProgress(PASSES, index, total);
            }

            @Override
            public void passFinished(PassResult result, int index, int total) {
                listener.stageFinished(passStage(result.passId()), result.nanos());
                listener.stageProgress(PASSES, index + 1, total);
            }
        };
    }

    /** A stage starts. */
    default void stageStarted(String stage) {
    }

    /**
     * Work within a stage: {@code done} of {@code total} units (ops, passes or bytes, see the stages); {@code total}
     * is 0 when unknown.
     */
    default void stageProgress(String stage, long done, long total) {
    }

    /** A stage finished after {@code nanos} nanoseconds. */
    default void stageFinished(String stage, long nanos) {
    }
}
