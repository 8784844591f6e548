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
 * The mechanism of the compression passes: the selected constant weights of every function's body are compressed
 * in parallel (one task per weight, and the compressors parallelize within large weights), then each is replaced
 * by a constexpr op over const inputs named after it ({@code W_quantized} with inputs
 * {@code W_quantized_quantized_data}, ...). Each weight gets a {@link WeightReport}, also those skipped and why.
 * Compression needs iOS16; the op forms follow each function's opset (the iOS18 ones from iOS18 on).
 */
public abstract class CompressionPass implements Pass {
    private final WeightSelection selection;
    private final List<WeightReport> reports = Collections.synchronizedList(new ArrayList<>());

    protected CompressionPass(WeightSelection selection) {
        this.selection = selection;
    }

    /**
     * @param weight the dense weight
     * @param opset the function's opset
     * @return the compressed form, or a reason to skip the weight ({@link Outcome#skip})
     */
    abstract Outcome compress(TensorValue weight, Opset opset);

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
            done += compressBlock(f.body(), f.opset(), context);
        }
        context.count("weights_compressed", done);
    }

    private long compressBlock(Block block, Opset opset, PassContext context) {
        List<Operation> weights = new ArrayList<>();
        for (Operation op : block.operations()) {
            if (op.def() == ConstOp.INSTANCE && op.output().hasUses() && selection.selects(op)) {
                weights.add(op);
            }
        }
        List<Optional<Compressed>> results = weights.parallelStream().map(op -> {
            TensorValue w = op.output().value().orElseThrow();
            Outcome o = compress(w, opset);
            return o.compressed() == null ? Optional.<Compressed>empty() : Optional.of(o.compressed());
        }).toList();
        long done = 0;
        for (int i = 0; i < weights.size(); i++) {
            Operation op = weights.get(i);
            TensorValue w = op.output().value().orElseThrow();
            Optional<Compressed> c = results.get(i);
            if (c.isEmpty()) {
                reports.add(WeightReport.skipped(op.name(), skipReason(w, opset), w.byteSize()));
                continue;
            }
            replace(op, c.get(), context);
            float[] exact = Weights.floats(w);
            reports.add(new WeightReport(op.name(), c.get().op(), c.get().bits(), w.byteSize(),
                    c.get().storedBytes(), Weights.snrDb(exact, c.get().reconstructed()),
                    Weights.maxAbsError(exact, c.get().reconstructed())));
            done++;
        }
        return done;
    }

    // the reason is recomputed only for skipped weights, which are few and cheap to reject
    private String skipReason(TensorValue w, Opset opset) {
        String why = compress(w, opset).skipped();
        return why == null ? "not compressed" : why;
    }

    private static void replace(Operation constOp, Compressed c, PassContext context) {
        Builder b = Builder.before(constOp, context.registry()).folding(false);
        String name = constOp.name() + c.suffix();
        Builder.OpBuilder op = b.op(c.op()).name(name);
        c.inputs().forEach((input, value) -> op.input(input, b.constant(value, name + "_" + input)));
        List<Var> outs = op.outputs();
        constOp.output().replaceAllUsesWith(outs.get(outs.size() - 1));
        constOp.parent().orElseThrow().erase(constOp);
    }
}
