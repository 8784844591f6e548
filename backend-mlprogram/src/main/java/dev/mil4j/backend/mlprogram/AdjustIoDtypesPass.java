package dev.mil4j.backend.mlprogram;

import dev.mil4j.core.diag.Location;
import dev.mil4j.core.ir.Function;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.pass.Pass;
import dev.mil4j.core.pass.PassContext;
import dev.mil4j.core.pass.Rewriter;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.value.TensorValue;

/**
 * {@code mlprogram::adjust_io_dtypes}: an ML Program's outputs are MultiArrays of fp32 or int32 (fp16 from iOS16 on),
 * so a function output of another dtype is cast at the end of the function: integers (int8, uint8, int16, uint16)
 * to int32, everything else (bool, fp16 before iOS16) to fp32, as coremltools does. The cast takes the output's name,
 * so the model's interface keeps its names; the original var is renamed {@code NAME_pre_cast} (made unique). Statistic:
 * {@code outputs_cast}. An input of such a dtype becomes fp32 (int32 for integers) and is cast back to its own dtype at
 * the start of the function (statistic {@code inputs_retyped}), as coremltools does; callers then feed fp32.
 *
 * <pre>
 * Given:                                             Result:
 *   %less: bool[2, 3] = less(x = %a, y = %b)           %less_pre_cast: bool[2, 3] = less(x = %a, y = %b)
 * } -&gt; (%less)                                          %less: fp32[2, 3] = cast(x = %less_pre_cast, dtype = "fp32")
 *                                                    } -&gt; (%less)
 * </pre>
 */
final class AdjustIoDtypesPass implements Pass {
    static final String ID = "mlprogram::adjust_io_dtypes";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String summary() {
        return "give function inputs and outputs dtypes an ML Program can describe (fp32 or int32), casting inside";
    }

    @Override
    public void run(Program program, PassContext context) {
        Rewriter rw = Rewriter.of(context);
        long cast = 0;
        long inputs = 0;
        for (Function f : program.functions()) {
            inputs += adjustInputs(f, rw);
            for (int i = 0; i < f.outputs().size(); i++) {
                Var v = f.outputs().get(i);
                if (!(v.type() instanceof TensorType t) || ModelDescriptions.ioDataType(t.dtype(), f.opset())
                        .isPresent() || ModelDescriptions.isClassifierOutput(v)) {
                    continue;
                }
                // } -> (%v: bool)   ->   %v: fp32 = cast(x = %v_pre_cast, dtype = "fp32") } -> (%v)
                String name = v.name();
                v.rename(f.claimName(name + "_pre_cast"));
                Location where = v.producer().map(p -> p.location()).orElse(Location.UNKNOWN);
                Var casted = rw.atEnd(f.body()).at(where).op("cast").input("x", v)
                        .input("dtype", TensorValue.scalar(interfaceDtype(t.dtype()).milName())).output();
                Operation castOp = casted.producer().orElseThrow(); // a const when v is one
                rw.replaceUsesAfter(castOp, v, casted);
                casted.rename(name); // free now: the interface keeps the output's name
                castOp.rename(name);
                cast++;
            }
        }
        rw.finish();
        context.count("outputs_cast", cast);
        context.count("inputs_retyped", inputs);
    }

    /** The dtype a model's interface uses for a dtype it cannot describe: int32 for integers, fp32 otherwise. */
    private static DType interfaceDtype(DType d) {
        return d.isInteger() ? DType.INT32 : DType.FP32;
    }

    /**
     * An input of a dtype the interface cannot describe becomes fp32 (int32 for integers) and is cast back to its
     * dtype at the start of the function, so the ops inside see what they saw before.
     */
    private static long adjustInputs(Function f, Rewriter rw) {
        long n = 0;
        for (Var in : f.inputs()) {
            if (!(in.type() instanceof TensorType t) || ModelDescriptions.ioDataType(t.dtype(), f.opset())
                    .isPresent()) {
                continue;
            }
            // (%m: bool) ... select(cond = %m)   ->   (%m: fp32) %m_bool = cast(x = %m, dtype = "bool") ...
            //                                                    select(cond = %m_bool)
            // the cast is built while %m still has its own dtype, so its users see no change of type
            DType original = t.dtype();
            Operation back = rw.atStart(f.body()).op("cast").input("x", in)
                    .input("dtype", TensorValue.scalar(original.milName())).name(in.name() + "_" + original.milName())
                    .build();
            rw.replaceUsesAfter(back, in, back.output());
            in.setType(t.withDtype(interfaceDtype(original)));
            n++;
        }
        return n;
    }
}
