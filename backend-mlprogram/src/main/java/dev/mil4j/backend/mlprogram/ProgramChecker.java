package dev.mil4j.backend.mlprogram;

import dev.mil4j.core.diag.Diagnostic;
import dev.mil4j.core.ir.Block;
import dev.mil4j.core.ir.Function;
import dev.mil4j.core.ir.Identifiers;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.Binding;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.StateType;
import dev.mil4j.core.types.TensorType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Everything that keeps a program from becoming an ML Program that Core ML loads, found before anything is
 * written: custom ops (one error each), a missing {@code main}, several functions below iOS18, model inputs and
 * outputs of types Core ML cannot describe, outputs that are not computed by an op, names that are not identifiers;
 * and, as warnings, the flexible range given to symbolic input dimensions.
 */
final class ProgramChecker {
    private static final int MAX_NAMES_LISTED = 8;

    private ProgramChecker() {
    }

    static List<Diagnostic> check(Program program, MlProgramOptions options) {
        List<Diagnostic> out = new ArrayList<>();
        if (program.functions().isEmpty()) {
            out.add(Diagnostic.error("the program has no function; an ML Program needs a `main` function")
                    .withHint("the frontend produced an empty program; check the source model"));
            return out;
        }
        if (program.function(ModelDescriptions.MAIN).isEmpty() && program.defaultFunctionName().isEmpty()) {
            out.add(Diagnostic.error("the program has no `main` function (it has "
                    + program.functions().stream().map(f -> "`" + f.name() + "`").collect(Collectors.joining(", "))
                    + "); Core ML runs `main`").withHint("name the model's entry function `main`, or name the default"
                            + " function of a multifunction program (Program.setDefaultFunction)"));
        }
        int spec = program.functions().stream().mapToInt(f -> f.opset().specificationVersion()).max().orElseThrow();
        if (program.functions().size() > 1 && spec < Opset.IOS18.specificationVersion()) {
            out.add(Diagnostic.error("the program has " + program.functions().size() + " functions, but Core ML"
                    + " loads models with several functions only from iOS18 on, and the newest opset here is "
                    + program.functions().stream().map(Function::opset).max(Enum::compareTo).orElseThrow())
                    .withHint("raise the minimum deployment target to iOS18, or convert each function separately"));
        }
        for (Function f : program.functions()) {
            customOps(f.body(), out);
            interfaceTypes(f, options, out);
            names(f, out);
        }
        return out;
    }

    private static void customOps(Block block, List<Diagnostic> out) {
        for (Operation op : block.operations()) {
            if (op.def().binding().isPresent()) {
                Binding binding = op.def().binding().get();
                Diagnostic d = Diagnostic.error("custom op `" + op.name() + "` (" + op.type() + ", bound to class `"
                        + binding.classNameOr(op.type()) + "`) cannot go into an ML Program: Core ML cannot load"
                        + " custom layers from an ML Program (coremltools writes them anyway as `custom_layer` ops,"
                        + " and the package then fails to load, e.g. in Xcode)")
                        .at(op.location()).forOp(op.name(), op.type())
                        .withHint("convert to the NeuralNetwork target (--to neuralnetwork), which supports custom"
                                + " layers, or express the operation as a composite of MIL ops (a translation that"
                                + " emits several standard ops)");
                out.add(op.location().isKnown() ? d
                        : d.withNote("the source node is unknown: the frontend recorded no location for this op"));
            }
            for (Block nested : op.blocks()) {
                customOps(nested, out);
            }
        }
    }

    private static void interfaceTypes(Function f, MlProgramOptions options, List<Diagnostic> out) {
        String fn = "function `" + f.name() + "`";
        Set<Var> inputs = Collections.newSetFromMap(new IdentityHashMap<>());
        inputs.addAll(f.inputs());
        for (Var in : f.inputs()) {
            if (in.type() instanceof StateType st) {
                stateType(in, st, fn, f.opset(), out);
                continue;
            }
            ioType(in, "input", fn, f.opset(), out);
            if (in.type() instanceof TensorType t && !t.shape().isStatic() && t.shape().dims().stream()
                    .anyMatch(d -> !d.isKnown() && f.dimBound(d.toString()).isEmpty())) {
                String symbols = t.shape().dims().stream()
                        .filter(d -> !d.isKnown() && f.dimBound(d.toString()).isEmpty())
                        .map(Dim::toString).distinct().collect(Collectors.joining(", "));
                long upper = options.symbolicDimUpperBound();
                out.add(Diagnostic.warning("input `" + in.name() + "` of " + fn + " has symbolic dims (" + symbols
                        + "); the model accepts sizes from 1 to "
                        + (upper == MlProgramOptions.UNBOUNDED ? "any size" : Long.toString(upper))
                        + " for them, with default 1")
                        .withHint("give the range with the input type (e.g. --input " + in.name() + ":1xS=1..512),"
                                + " or a static shape"));
            }
        }
        Set<Var> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Var o : f.outputs()) {
            ioType(o, "output", fn, f.opset(), out);
            if (inputs.contains(o)) {
                out.add(Diagnostic.error("output `" + o.name() + "` of " + fn + " is one of its inputs; Core ML"
                        + " needs every model output computed by an op").withHint("return an identity op of it"));
            } else if (!seen.add(o)) {
                out.add(Diagnostic.error("output `" + o.name() + "` of " + fn + " is returned twice; the model"
                        + " description needs distinct output names").withHint("return an identity op of it"));
            }
        }
    }

    /** A state input: iOS18 on, a static shape, fp16 (or fp32/int32, as other inputs). */
    private static void stateType(Var v, StateType st, String fn, Opset opset, List<Diagnostic> out) {
        if (opset.compareTo(Opset.IOS18) < 0) {
            out.add(Diagnostic.error("state `" + v.name() + "` of " + fn + " needs iOS18, but the function is "
                    + opset).withHint("convert with --target iOS18"));
        }
        if (!st.wrappedType().shape().isStatic()) {
            out.add(Diagnostic.error("state `" + v.name() + "` of " + fn + " has shape "
                    + st.wrappedType().shape() + "; Core ML states have static shapes")
                    .withHint("declare the state with its full size, e.g. a cache of the maximum length"));
        }
        if (ModelDescriptions.ioDataType(st.wrappedType().dtype(), opset).isEmpty()) {
            out.add(Diagnostic.error("state `" + v.name() + "` of " + fn + " holds " + st.wrappedType().dtype()
                    + "; Core ML states hold fp16 (or fp32, int32)").withHint("declare the state fp16"));
        }
    }

    private static void ioType(Var v, String role, String fn, Opset opset, List<Diagnostic> out) {
        if (ModelDescriptions.isClassifierOutput(v)) {
            return; // a classifier's label and probability dictionary (ModelDescriptions)
        }
        if (!(v.type() instanceof TensorType t)) {
            out.add(Diagnostic.error(role + " `" + v.name() + "` of " + fn + " is a " + v.type()
                    + ", but a Core ML model's " + role + "s are tensors (MultiArrays)")
                    .withHint("make the model's interface tensors, e.g. stack the list"));
            return;
        }
        if (ModelDescriptions.ioDataType(t.dtype(), opset).isEmpty()) {
            String allowed = opset.compareTo(Opset.IOS16) >= 0 ? "fp32, fp16 or int32" : "fp32 or int32 (fp16"
                    + " from iOS16 on)";
            out.add(Diagnostic.error(role + " `" + v.name() + "` of " + fn + " has dtype " + t.dtype()
                    + ", but ML Program " + role + "s must be " + allowed)
                    .withHint("cast the " + role + " to a supported dtype"
                            + (t.dtype().isFloat() ? " (fp32)" : " (int32)")
                            + (opset.compareTo(Opset.IOS16) < 0 && t.dtype() == dev.mil4j.core.types.DType.FP16
                                    ? ", or raise the minimum deployment target to iOS16" : "")));
        }
    }

    private static void names(Function f, List<Diagnostic> out) {
        List<String> bad = new ArrayList<>();
        for (Var in : f.inputs()) {
            badName(in.name(), bad);
        }
        collectNames(f.body(), bad);
        if (!bad.isEmpty()) {
            String listed = bad.stream().limit(MAX_NAMES_LISTED).map(n -> "\"" + n + "\"")
                    .collect(Collectors.joining(", "));
            out.add(Diagnostic.error("function `" + f.name() + "` has " + bad.size() + " var or op "
                    + (bad.size() == 1 ? "name" : "names") + " that are not identifiers, as Core ML requires: "
                    + listed + (bad.size() > MAX_NAMES_LISTED ? ", ..." : ""))
                    .withHint("run the pass common::sanitize_names before the backend"));
        }
    }

    private static void collectNames(Block b, List<String> bad) {
        for (Operation op : b.operations()) {
            badName(op.name(), bad);
            for (Var v : op.outputs()) {
                if (!v.name().equals(op.name())) {
                    badName(v.name(), bad);
                }
            }
            for (Block nested : op.blocks()) {
                for (Var in : nested.inputs()) {
                    badName(in.name(), bad);
                }
                collectNames(nested, bad);
            }
        }
    }

    private static void badName(String name, List<String> bad) {
        if (!Identifiers.isValid(name)) {
            bad.add(name);
        }
    }
}
