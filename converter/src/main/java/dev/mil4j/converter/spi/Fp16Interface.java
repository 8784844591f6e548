package dev.mil4j.converter.spi;

import dev.mil4j.core.ir.Function;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.pass.Rewriter;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.value.TensorValue;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes a function's fp32 input or output fp16, as coremltools does for an ML Program of iOS16 or later in fp16
 * precision (and for an fp16 dtype asked for explicitly), removing the casts the fp16 pipeline put at the interface:
 *
 * <pre>
 * Given:                                          Result:
 *   func main(%x: fp32[2]) {                        func main(%x: fp16[2]) {
 *     %x_fp16 = cast(x = %x, dtype = "fp16")          %y_fp16 = relu(x = %x)
 *     %y_fp16 = relu(x = %x_fp16)                   } -&gt; (%y)        # %y_fp16 renamed %y
 *     %y: fp32[2] = cast(x = %y_fp16, dtype = "fp32")
 *   } -&gt; (%y)
 * </pre>
 */
public final class Fp16Interface {
    private Fp16Interface() {
    }

    /**
     * The fp32 input becomes fp16: its casts to fp16 are dropped (their users take the input), and any other use
     * sees a cast back to fp32 at the start of the function.
     */
    public static void input(Function f, Var in, Rewriter rw) {
        TensorType t = in.tensorType();
        List<Operation> halfCasts = new ArrayList<>();
        List<Operation> others = new ArrayList<>();
        for (Operation op : in.users()) {
            boolean half = op.type().equals("cast") && op.output().tensorType().dtype() == DType.FP16;
            (half ? halfCasts : others).add(op);
        }
        if (!others.isEmpty()) {
            // built while the input is still fp32, so that its users see no change of type
            Operation back = rw.atStart(f.body()).op("cast").input("x", in)
                    .input("dtype", TensorValue.scalar("fp32")).name(f.claimName(in.name() + "_to_fp32")).build();
            for (Operation op : others) {
                op.replaceInput(in, back.output());
            }
        }
        in.setType(t.withDtype(DType.FP16));
        for (Operation cast : halfCasts) {
            rw.replace(cast.output(), in);
            rw.erase(cast);
        }
    }

    /**
     * The fp32 output {@code index} becomes fp16: a cast from fp16 that makes it is dropped (its input takes the
     * output's name), else a cast to fp16 is added at the end under the output's name.
     */
    public static void output(Function f, int index, Rewriter rw) {
        Var out = f.outputs().get(index);
        String name = out.name();
        Operation producer = out.producer().orElse(null);
        List<Var> outputs = new ArrayList<>(f.outputs());
        if (producer != null && producer.type().equals("cast") && out.users().isEmpty()
                && producer.requireInput("x").type() instanceof TensorType x && x.dtype() == DType.FP16
                && !producer.requireInput("x").isBlockOutput() && producer.requireInput("x").producer().isPresent()) {
            Var half = producer.requireInput("x");
            outputs.set(index, half);
            f.setOutputs(outputs);
            rw.erase(producer);
            half.rename(name);
            return;
        }
        out.rename(f.claimName(name + "_fp32"));
        Operation cast = rw.atEnd(f.body()).op("cast").input("x", out).input("dtype", TensorValue.scalar("fp16"))
                .name(name).build();
        outputs.set(index, cast.output());
        f.setOutputs(outputs);
        cast.output().rename(name);
    }
}
