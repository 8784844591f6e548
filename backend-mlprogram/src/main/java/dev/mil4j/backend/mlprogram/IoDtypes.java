package dev.mil4j.backend.mlprogram;

import dev.mil4j.converter.spi.ConversionOptions;
import dev.mil4j.converter.spi.Fp16Interface;
import dev.mil4j.converter.spi.InputType;
import dev.mil4j.converter.spi.Precision;
import dev.mil4j.core.diag.Diagnostic;
import dev.mil4j.core.ir.Function;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.pass.PassContext;
import dev.mil4j.core.pass.Rewriter;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.TensorType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The dtypes of an ML Program's inputs and outputs, as coremltools 9 gives them: from iOS16 on, in fp16 compute
 * precision, an input or output whose dtype the user did not give is fp16 (coremltools' default fp16 I/O), the casts
 * at the interface gone; an input or output asked for as fp16 ({@code --input x:1x3:fp16},
 * {@code --output-name y:fp16}) is fp16 in any precision (the frontend translated the input as fp32). Image
 * inputs and outputs stay fp32 (GRAYSCALE_FLOAT16 aside). Asking for fp16 before iOS16 is an error naming the option.
 */
final class IoDtypes {
    private IoDtypes() {
    }

    static List<Diagnostic> check(Program program, ConversionOptions options) {
        List<Diagnostic> out = new ArrayList<>();
        Function main = program.function(ModelDescriptions.MAIN).orElse(program.main());
        boolean ios16 = main.opset().compareTo(Opset.IOS16) >= 0;
        for (InputType in : options.inputs()) {
            if (in.dtype().orElse(null) == DType.FP16 && !ios16) {
                out.add(Diagnostic.error("--input " + in + ": fp16 inputs need iOS16 or later, but the target is "
                        + main.opset()).withHint("convert with --target iOS16, or give the input dtype fp32"));
            }
        }
        List<String> names = main.outputs().stream().map(Var::name).toList();
        for (Map.Entry<String, DType> e : options.outputDtypes().entrySet()) {
            String option = "--output-name " + e.getKey() + ":" + e.getValue().milName();
            if (e.getValue() != DType.FP16 && e.getValue() != DType.FP32) {
                out.add(Diagnostic.error(option + ": outputs can be asked for as fp32 or fp16")
                        .withHint("leave the dtype out for the model's own"));
            } else if (e.getValue() == DType.FP16 && !ios16) {
                out.add(Diagnostic.error(option + ": fp16 outputs need iOS16 or later, but the target is "
                        + main.opset()).withHint("convert with --target iOS16, or leave the dtype out"));
            } else if (!names.contains(e.getKey())) {
                out.add(Diagnostic.error(option + ": the model has no output '" + e.getKey() + "'; its outputs are "
                        + String.join(", ", names)));
            }
        }
        return out;
    }

    /** Gives {@code main}'s fp32 inputs and outputs fp16 where the options and the target call for it. */
    static void apply(Program program, ConversionOptions options, OpRegistry ops) {
        Function main = program.function(ModelDescriptions.MAIN).orElse(program.main());
        if (main.opset().compareTo(Opset.IOS16) < 0) {
            return;
        }
        boolean defaultHalf = options.computePrecision() == Precision.FP16;
        Rewriter rw = Rewriter.of(PassContext.withDefaults(ops));
        for (Var in : List.copyOf(main.inputs())) {
            Optional<DType> asked = options.input(in.name()).flatMap(InputType::dtype);
            boolean half = asked.isEmpty() ? defaultHalf && options.imageInput(in.name()).isEmpty()
                    : asked.get() == DType.FP16;
            if (half && isFp32(in)) {
                Fp16Interface.input(main, in, rw);
            }
        }
        for (int i = 0; i < main.outputs().size(); i++) {
            Var o = main.outputs().get(i);
            DType asked = options.outputDtypes().get(o.name());
            boolean image = options.imageOutputs().stream().anyMatch(x -> x.name().equals(o.name()));
            if (isFp32(o) && !image && (asked == DType.FP16 || defaultHalf && asked == null)) {
                Fp16Interface.output(main, i, rw);
            }
        }
        rw.finish();
    }

    private static boolean isFp32(Var v) {
        return v.type() instanceof TensorType t && t.dtype() == DType.FP32;
    }
}
