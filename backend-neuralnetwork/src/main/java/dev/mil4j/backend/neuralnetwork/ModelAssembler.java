package dev.mil4j.backend.neuralnetwork;

import dev.mil4j.backend.neuralnetwork.layers.BlockTranslator;
import dev.mil4j.backend.neuralnetwork.layers.LayerEmitter;
import dev.mil4j.backend.neuralnetwork.layers.Problems;
import dev.mil4j.core.diag.Diagnostic;
import dev.mil4j.core.ir.Function;
import dev.mil4j.core.ir.Identifiers;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.DimBound;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.spec.proto.ArrayFeatureType;
import dev.mil4j.spec.proto.CopyLayerParams;
import dev.mil4j.spec.proto.FeatureDescription;
import dev.mil4j.spec.proto.FeatureType;
import dev.mil4j.spec.proto.Model;
import dev.mil4j.spec.proto.ModelDescription;
import dev.mil4j.spec.proto.NeuralNetwork;
import dev.mil4j.spec.proto.NeuralNetworkImageShapeMapping;
import dev.mil4j.spec.proto.NeuralNetworkLayer;
import dev.mil4j.spec.proto.NeuralNetworkMultiArrayShapeMapping;
import dev.mil4j.spec.proto.SizeRange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** Builds the NeuralNetwork {@link Model} of a program, collecting every problem on the way. */
final class ModelAssembler {
    /** The model, when there were no errors, and every diagnostic found. */
    record Result(Model model, List<Diagnostic> diagnostics) {
        boolean ok() {
            return diagnostics.stream().noneMatch(Diagnostic::isError);
        }
    }

    private ModelAssembler() {
    }

    /**
     * The model with its weights. Symbolic input dimensions get the ranges the function gives them
     * ({@link Function#dimBound}), others 1 to unbounded.
     */
    static Result assemble(Program program) {
        return assemble(program, true);
    }

    /** {@code withWeights} false: only the problems are wanted, so large weights are not materialized. */
    static Result assemble(Program program, boolean withWeights) {
        return assemble(program, withWeights, Optional.empty());
    }

    /**
     * Passes the top-level layers, with their weights, to {@code layers} as they are made; the model's network has
     * none, so that a writer can stream them.
     */
    static Result assemble(Program program, Consumer<NeuralNetworkLayer> layers) {
        return assemble(program, true, Optional.of(layers));
    }

    private static Result assemble(Program program, boolean withWeights,
            Optional<Consumer<NeuralNetworkLayer>> layers) {
        List<Diagnostic> diags = new ArrayList<>();
        if (program.functions().size() != 1) {
            diags.add(Diagnostic.error("the NeuralNetwork format holds one function, but the program has "
                    + program.functions().size() + ": " + program.functions().stream().map(Function::name)
                            .collect(Collectors.joining(", ")))
                    .withHint("convert each function on its own, or convert to the ML Program target"));
        }
        Function main = program.main();
        Map<Var, String> renamed = featureNames(main);
        LayerEmitter out = layers.isPresent() ? new LayerEmitter(renamed, withWeights, layers.get())
                : new LayerEmitter(renamed, withWeights);
        ModelDescription.Builder description = ModelDescription.newBuilder();
        Set<String> inputNames = new HashSet<>();
        for (Var in : main.inputs()) {
            inputNames.add(out.name(in));
            inputFeature(main, in, out.name(in), diags).ifPresent(description::addInput);
        }
        BlockTranslator.translate(main.body(), out);
        Set<String> outputNames = new HashSet<>();
        for (Var o : main.outputs()) {
            String name = out.input(o);
            if (inputNames.contains(name) || !outputNames.add(name)) {
                // an output must be a blob of its own: copy a returned input, or a var returned twice
                String copy = uniqueName(name + "_out", outputNames, inputNames, main);
                out.add(copy, name, copy, l -> l.setCopy(CopyLayerParams.getDefaultInstance()));
                outputNames.add(copy);
                name = copy;
            }
            // NeuralNetwork blobs are fp32; like coremltools, outputs leave the shape to the model
            description.addOutput(FeatureDescription.newBuilder().setName(name).setType(FeatureType.newBuilder()
                    .setMultiArrayType(ArrayFeatureType.newBuilder().setDataType(ArrayFeatureType.ArrayDataType
                            .FLOAT32))));
        }
        diags.addAll(problemDiagnostics(out.problems()));
        if (diags.stream().anyMatch(Diagnostic::isError)) {
            return new Result(Model.getDefaultInstance(), List.copyOf(diags));
        }
        program.attributes().forEach((k, v) -> description.getMetadataBuilder().putUserDefined(k, v));
        Model model = Model.newBuilder().setSpecificationVersion(out.specVersion()).setDescription(description)
                .setNeuralNetwork(NeuralNetwork.newBuilder().addAllLayers(out.layers())
                        .setArrayInputShapeMapping(NeuralNetworkMultiArrayShapeMapping.EXACT_ARRAY_MAPPING)
                        .setImageInputShapeMapping(NeuralNetworkImageShapeMapping.RANK4_IMAGE_MAPPING))
                .build();
        return new Result(model, List.copyOf(diags));
    }

    private static String uniqueName(String base, Set<String> a, Set<String> b, Function f) {
        String n = base;
        for (int i = 1; a.contains(n) || b.contains(n); i++) {
            n = base + "_" + i;
        }
        return n;
    }

    /** Core ML feature names are identifiers: other characters become {@code _}, a leading digit gets a {@code _}. */
    static String sanitize(String name) {
        return Identifiers.sanitize(name);
    }

    private static Map<Var, String> featureNames(Function main) {
        Map<Var, String> renamed = new HashMap<>();
        Set<String> taken = new HashSet<>();
        Set<String> used = new HashSet<>();
        main.inputs().forEach(v -> used.add(v.name()));
        collectNames(main.body(), used);
        List<Var> features = new ArrayList<>(main.inputs());
        features.addAll(main.outputs());
        for (Var v : new java.util.LinkedHashSet<>(features)) {
            String s = sanitize(v.name());
            if (!s.equals(v.name())) {
                String n = s;
                for (int i = 1; taken.contains(n) || used.contains(n); i++) {
                    n = s + "_" + i;
                }
                renamed.put(v, n);
                taken.add(n);
            } else {
                taken.add(s);
            }
        }
        return renamed;
    }

    private static void collectNames(dev.mil4j.core.ir.Block block, Set<String> names) {
        for (Var v : block.inputs()) {
            names.add(v.name());
        }
        for (Operation op : block.operations()) {
            op.outputs().forEach(v -> names.add(v.name()));
            op.blocks().forEach(b -> collectNames(b, names));
        }
    }

    private static java.util.Optional<FeatureDescription> inputFeature(Function f, Var in, String name,
            List<Diagnostic> diags) {
        if (!(in.type() instanceof TensorType t)) {
            diags.add(Diagnostic.error("input `" + in.name() + "` is a " + in.type() + ", but NeuralNetwork inputs "
                    + "are tensors").withHint("pass a tensor input"));
            return java.util.Optional.empty();
        }
        ArrayFeatureType.ArrayDataType dt;
        DType d = t.dtype();
        if (d == DType.FP32) {
            dt = ArrayFeatureType.ArrayDataType.FLOAT32;
        } else if (d == DType.FP64) {
            dt = ArrayFeatureType.ArrayDataType.DOUBLE;
        } else if (d == DType.INT32 || d == DType.INT64) {
            dt = ArrayFeatureType.ArrayDataType.INT32;
        } else {
            diags.add(Diagnostic.error("input `" + in.name() + "` has dtype " + d + ", which a NeuralNetwork model "
                    + "input cannot have").withHint("give the input dtype fp32 or int32"));
            return java.util.Optional.empty();
        }
        ArrayFeatureType.Builder a = ArrayFeatureType.newBuilder().setDataType(dt);
        boolean flexible = false;
        ArrayFeatureType.ShapeRange.Builder ranges = ArrayFeatureType.ShapeRange.newBuilder();
        for (Dim dim : t.shape().dims()) {
            if (dim instanceof Dim.Known k) {
                a.addShape(k.size());
                ranges.addSizeRanges(SizeRange.newBuilder().setLowerBound(k.size()).setUpperBound(k.size()));
            } else {
                flexible = true;
                DimBound b = f.dimBound(dim.toString()).orElseGet(() -> new DimBound(1, DimBound.UNBOUNDED));
                a.addShape(b.lower());
                ranges.addSizeRanges(SizeRange.newBuilder().setLowerBound(b.lower()).setUpperBound(b.upper()));
            }
        }
        if (flexible) {
            a.setShapeRange(ranges);
        }
        return java.util.Optional.of(FeatureDescription.newBuilder().setName(name)
                .setType(FeatureType.newBuilder().setMultiArrayType(a)).build());
    }

    private static List<Diagnostic> problemDiagnostics(Problems problems) {
        List<Diagnostic> diags = new ArrayList<>();
        List<Operation> unsupported = problems.unsupported();
        if (!unsupported.isEmpty()) {
            Map<String, Long> byType = unsupported.stream().collect(Collectors.groupingBy(Operation::type,
                    java.util.TreeMap::new, Collectors.counting()));
            String list = byType.entrySet().stream().map(e -> "`" + e.getKey() + "`" + (e.getValue() > 1
                    ? " (" + e.getValue() + "x)" : "")).collect(Collectors.joining(", "));
            Diagnostic d = Diagnostic.error("the NeuralNetwork format cannot express " + unsupported.size()
                    + (unsupported.size() == 1 ? " op" : " ops") + " of this program: " + list)
                    .withHint("convert to the ML Program target (target mlprogram), which supports every MIL op");
            for (Operation op : unsupported) {
                d = d.withNote("op `" + op.name() + "` (" + op.type() + ")"
                        + (op.location().isKnown() ? ", from " + op.location().describe() : ""));
            }
            diags.add(d);
        }
        for (Problems.Failure f : problems.failures()) {
            Diagnostic d = Diagnostic.error(f.reason().getMessage()).at(f.op().location())
                    .forOp(f.op().name(), f.op().type());
            if (f.reason().hint().isPresent()) {
                d = d.withHint(f.reason().hint().get());
            }
            diags.add(d);
        }
        return diags;
    }
}
