package dev.mil4j.compression;

import dev.mil4j.core.ir.Block;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Function;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.ConstOp;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.pass.Pass;
import dev.mil4j.core.pass.PassContext;
import dev.mil4j.core.types.TypeException;
import dev.mil4j.core.value.TensorValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The mechanism of the compression passes: the selected weights of every function's body are compressed in
 * parallel (one task per weight, and the compressors parallelize within large weights), then each is replaced by a
 * constexpr op over const inputs named after it ({@code W_quantized} with inputs {@code W_quantized_quantized_data},
 * ...). A weight is a const op, or with joint compression ({@code joint} options, iOS18) the
 * {@code constexpr_sparse_to_dense} of a pruned weight, whose non-zero values are compressed and fed to it by a
 * {@code constexpr_lut_to_sparse} or {@code constexpr_sparse_blockwise_shift_scale}. Consts that feed only
 * constexpr ops (an already compressed weight's data) are never weights. Each weight gets a {@link WeightReport},
 * also those skipped and why. Compression needs iOS16; the op forms follow each function's opset.
 */
public abstract class CompressionPass implements Pass {
    private final WeightSelection selection;
    private final List<WeightReport> reports = Collections.synchronizedList(new ArrayList<>());

    protected CompressionPass(WeightSelection selection) {
        this.selection = selection;
    }

    /**
     * @param name the weight's name (its const op's)
     * @param weight the dense weight
     * @param opset the function's opset
     * @return the compressed form, or a reason to skip the weight ({@link Outcome#skip})
     */
    abstract Outcome compress(String name, TensorValue weight, Opset opset);

    /**
     * Joint compression of a pruned weight: the compressed form of its non-zero values, an op whose two outputs
     * are the mask and the non-zero values.
     */
    Outcome compressSparse(String name, SparseWeight weight, Opset opset) {
        return Outcome.skip(id() + " does not compress pruned weights");
    }

    /**
     * @param producer the op making the weight
     * @return why the weight cannot be compressed because of the ops using it, or {@code null}
     */
    String refusal(Operation producer) {
        return null;
    }

    /** @return whether this pass compresses pruned weights jointly */
    boolean joint() {
        return false;
    }

    /**
     * @param producer the op making a candidate weight
     * @return the pass that compresses it (this one, or the one its configured setting makes), or {@code null}
     */
    CompressionPass compressorFor(Operation producer) {
        return selection.selects(producer) ? this : null;
    }

    /** @return whether some weight may be compressed jointly (which needs iOS18) */
    boolean anyJoint() {
        return joint();
    }

    /** The result of compressing one weight: a compressed form or why there is none. */
    record Outcome(Compressed compressed, String skipped) {
        static Outcome of(Compressed c) {
            return new Outcome(c, null);
        }

        static Outcome skip(String why) {
            return new Outcome(null, why);
        }
    }

    /** @return what the last run did, one report per considered weight in program order */
    public List<WeightReport> reports() {
        synchronized (reports) {
            return List.copyOf(reports);
        }
    }

    @Override
    public void run(Program program, PassContext context) {
        reports.clear();
        long done = 0;
        for (Function f : program.functions()) {
            if (f.opset().compareTo(Opset.IOS16) < 0) {
                throw new TypeException("function `" + f.name() + "` targets " + f.opset().target()
                        + "; weight compression needs iOS16 or newer (convert with --target iOS16)");
            }
            if (anyJoint() && f.opset().compareTo(Opset.IOS18) < 0) {
                throw new TypeException("function `" + f.name() + "` targets " + f.opset().target()
                        + "; joint compression of pruned weights needs iOS18 (convert with --target iOS18)");
            }
            done += compressBlock(f.body(), f.opset(), context);
        }
        context.count("weights_compressed", done);
    }

    private record Task(Operation producer, CompressionPass by, SparseWeight sparse) {
        TensorValue dense() {
            return sparse != null ? sparse.dense() : producer.output().value().orElseThrow();
        }

        // compresses, and measures the error while still on a worker thread
        Done run(Opset opset) {
            long before = sparse != null ? sparse.storedBytes() : dense().byteSize();
            String refused = by.refusal(producer);
            if (refused != null) {
                return new Done(null, WeightReport.skipped(producer.name(), refused, before));
            }
            Outcome o = sparse != null ? by.compressSparse(producer.name(), sparse, opset)
                    : by.compress(producer.name(), dense(), opset);
            Compressed c = o.compressed();
            if (c == null) {
                return new Done(c, WeightReport.skipped(producer.name(), o.skipped(), before));
            }
            double[] errors = Weights.errors(Weights.floats(dense()), c.reconstructed());
            return new Done(c, new WeightReport(producer.name(), c.op(), c.bits(), before, c.storedBytes(),
                    errors[0], errors[1]));
        }
    }

    private record Done(Compressed compressed, WeightReport report) {
    }

    private long compressBlock(Block block, Opset opset, PassContext context) {
        List<Task> tasks = new ArrayList<>();
        for (Operation op : block.operations()) {
            boolean weight = op.def() == ConstOp.INSTANCE && op.output().hasUses()
                    && !op.output().users().stream().allMatch(u -> u.def().isConstexpr());
            boolean pruned = !weight && SparseWeight.accepts(op);
            if (!weight && !pruned) {
                continue;
            }
            CompressionPass by = compressorFor(op);
            if (by != null && (!pruned || by.joint())) {
                tasks.add(new Task(op, by, pruned ? SparseWeight.of(op) : null));
            }
        }
        List<Done> results = tasks.parallelStream().map(t -> t.run(opset)).toList();
        long done = 0;
        for (int i = 0; i < tasks.size(); i++) {
            Task t = tasks.get(i);
            Done d = results.get(i);
            reports.add(d.report());
            if (d.compressed() == null) {
                continue;
            }
            if (t.sparse() != null) {
                replaceSparse(t.producer(), d.compressed(), context);
            } else {
                replace(t.producer(), d.compressed(), context);
            }
            done++;
        }
        return done;
    }

    private static List<Var> build(Operation anchor, String name, Compressed c, PassContext context) {
        Builder b = Builder.before(anchor, context.registry()).folding(false);
        Builder.OpBuilder op = b.op(c.op()).name(name);
        c.inputs().forEach((input, value) -> op.input(input, b.constant(value, name + "_" + input)));
        c.computed().forEach((input, by) -> {
            List<Var> outs = build(anchor, name + "_" + input, by, context);
            op.input(input, outs.get(outs.size() - 1));
        });
        return op.outputs();
    }

    // the weight scaled by the per-channel scales of c at load time, as a constexpr_blockwise_shift_scale
    private static Var scaled(Operation anchor, String name, Var weight, Compressed c, PassContext context) {
        Builder b = Builder.before(anchor, context.registry()).folding(false);
        return b.op("constexpr_blockwise_shift_scale").name(name).input("data", weight)
                .input("scale", b.constant(c.scale(), name + "_scale")).output();
    }

    private static void replace(Operation constOp, Compressed c, PassContext context) {
        String name = constOp.name() + c.suffix();
        List<Var> outs = build(constOp, name, c, context);
        Var weight = outs.get(outs.size() - 1);
        if (c.scale() != null) {
            weight = scaled(constOp, name + "_scaled", weight, c, context);
        }
        constOp.output().replaceAllUsesWith(weight);
        constOp.parent().orElseThrow().erase(constOp);
    }

    // the new op makes the mask and the non-zero values the sparse op took from consts, which go when unused; the
    // per-channel scales of palettes scale the sparse op's dense output (as coremltools' PyTorch frontend emits
    // joint pruning and palettization with per-channel scales)
    private static void replaceSparse(Operation sparse, Compressed c, PassContext context) {
        List<Var> outs = build(sparse, sparse.name() + "_nonzero_data" + c.suffix(), c, context);
        Var mask = sparse.requireInput("mask");
        Var data = sparse.requireInput("nonzero_data");
        sparse.replaceInput(mask, outs.get(0));
        sparse.replaceInput(data, outs.get(1));
        for (Var old : List.of(mask, data)) {
            if (!old.hasUses() && !old.isBlockOutput()) {
                old.producer().ifPresent(p -> p.parent().orElseThrow().erase(p));
            }
        }
        if (c.scale() != null) {
            Var dense = sparse.output();
            Var weight = scaled(sparse, sparse.name() + "_scaled", dense, c, context);
            Operation scaling = weight.producer().orElseThrow();
            dense.replaceAllUsesWith(weight);
            scaling.replaceInput(weight, dense);
            sparse.parent().orElseThrow().move(sparse, Optional.of(scaling));
        }
    }
}
