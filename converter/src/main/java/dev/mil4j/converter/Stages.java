package dev.mil4j.converter;

import dev.mil4j.converter.spi.ProgressListener;
import dev.mil4j.core.ir.Function;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.op.ConstOp;
import dev.mil4j.core.value.TensorValue;

/**
 * The stages of one conversion step as the user's {@link ProgressListener} sees them: one stage open at a time,
 * started, timed and finished here. Handed to frontends and backends as their listener, it forwards their reports
 * and adds what they leave out: a frontend's first translation report ends {@code load} and opens
 * {@code translate}; a backend's write report without a total gets the estimate given.
 */
final class Stages implements ProgressListener {
    private final ProgressListener listener;
    private final long writeEstimate;
    private String open;
    private long started;

    private Stages(ProgressListener listener, long writeEstimate) {
        this.listener = listener;
        this.writeEstimate = writeEstimate;
    }

    /** Stages reported to {@code listener}. */
    static Stages of(ProgressListener listener) {
        return new Stages(listener, 0);
    }

    /** Stages for writing {@code program}: a write report without a total gets the bytes of its constants. */
    static Stages writing(ProgressListener listener, Program program) {
        return new Stages(listener, constantBytes(program));
    }

    /** Finishes the open stage, if any, and starts {@code stage}. */
    void start(String stage) {
        finish();
        open = stage;
        started = System.nanoTime();
        listener.stageStarted(stage);
    }

    /** Starts {@code stage} unless it is the open one. */
    void enter(String stage) {
        if (!stage.equals(open)) {
            start(stage);
        }
    }

    /** Finishes the open stage, if any. */
    void finish() {
        if (open != null) {
            String stage = open;
            open = null;
            listener.stageFinished(stage, System.nanoTime() - started);
        }
    }

    @Override
    public void stageStarted(String stage) {
        listener.stageStarted(stage);
    }

    @Override
    public void stageProgress(String stage, long done, long total) {
        if (TRANSLATE.equals(stage) && LOAD.equals(open)) {
            start(TRANSLATE);
        }
        long of = total <= 0 && WRITE.equals(stage) && writeEstimate > 0 ? Math.max(writeEstimate, done) : total;
        listener.stageProgress(stage, done, of);
    }

    @Override
    public void stageFinished(String stage, long nanos) {
        listener.stageFinished(stage, nanos);
    }

    /** The bytes of the constants at the top level of the program's functions: most of what a backend writes. */
    static long constantBytes(Program program) {
        long bytes = 0;
        for (Function f : program.functions()) {
            for (Operation op : f.body().operations()) {
                if (op.def() == ConstOp.INSTANCE) {
                    bytes += op.output().value().map(TensorValue::byteSize).orElse(0L);
                }
            }
        }
        return bytes;
    }
}
