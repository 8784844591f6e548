package dev.mil4j.cli;

import dev.mil4j.backend.neuralnetwork.quant.NnWeightForms;
import dev.mil4j.spec.MlPackage;
import dev.mil4j.spec.ModelFiles;
import dev.mil4j.spec.proto.CustomLayerParams;
import dev.mil4j.spec.proto.FeatureDescription;
import dev.mil4j.spec.proto.FeatureType;
import dev.mil4j.spec.proto.Model;
import dev.mil4j.spec.proto.NeuralNetworkLayer;
import dev.mil4j.spec.proto.WeightParams;
import dev.mil4j.spec.proto.mil.Block;
import dev.mil4j.spec.proto.mil.Function;
import dev.mil4j.spec.proto.mil.Operation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A readable summary of a Core ML model file from any tool: specification version, inputs and outputs, and either
 * the NeuralNetwork layers (with custom layers in full) or the ML Program's ops per function, with weight sizes.
 */
final class ModelSummary {
    private ModelSummary() {
    }

    static Map<String, Object> of(Path file) throws IOException {
        Model model;
        long weightBytes = 0;
        String format;
        if (Files.isDirectory(file)) {
            MlPackage pkg = MlPackage.read(file);
            model = pkg.model();
            format = "mlpackage";
            if (pkg.weightsDirectory().isPresent()) {
                try (Stream<Path> files = Files.walk(pkg.weightsDirectory().get())) {
                    for (Path p : files.filter(Files::isRegularFile).toList()) {
                        weightBytes += Files.size(p);
                    }
                }
            }
        } else {
            model = ModelFiles.readModel(file);
            format = "mlmodel";
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("file", file.toString());
        s.put("format", format);
        s.put("specificationVersion", model.getSpecificationVersion());
        s.put("type", model.getTypeCase().name().toLowerCase(java.util.Locale.ROOT));
        s.put("inputs", features(model.getDescription().getInputList()));
        s.put("outputs", features(model.getDescription().getOutputList()));
        var metadata = model.getDescription().getMetadata();
        putIfSet(s, "predictedFeatureName", model.getDescription().getPredictedFeatureName());
        putIfSet(s, "predictedProbabilitiesName", model.getDescription().getPredictedProbabilitiesName());
        putIfSet(s, "author", metadata.getAuthor());
        putIfSet(s, "license", metadata.getLicense());
        putIfSet(s, "shortDescription", metadata.getShortDescription());
        putIfSet(s, "version", metadata.getVersionString());
        if (!metadata.getUserDefinedMap().isEmpty()) {
            s.put("metadata", new TreeMap<>(metadata.getUserDefinedMap()));
        }
        if (model.hasNeuralNetwork()) {
            neuralNetwork(s, model.getNeuralNetwork().getLayersList());
        }
        if (model.hasNeuralNetworkClassifier()) {
            var classifier = model.getNeuralNetworkClassifier();
            s.put("classLabels", classifier.hasInt64ClassLabels() ? classifier.getInt64ClassLabels().getVectorList()
                    : classifier.getStringClassLabels().getVectorList());
            neuralNetwork(s, classifier.getLayersList());
        }
        if (model.hasMlProgram()) {
            Map<String, Object> functions = new LinkedHashMap<>();
            for (Map.Entry<String, Function> f : new TreeMap<>(model.getMlProgram().getFunctionsMap()).entrySet()) {
                functions.put(f.getKey(), function(f.getValue()));
            }
            s.put("functions", functions);
            s.put("weightFileBytes", weightBytes);
            Function main = model.getMlProgram().getFunctionsMap().get("main");
            if (main != null) {
                classifyLabels(main).ifPresent(labels -> s.put("classLabels", labels));
            }
        }
        return s;
    }

    /** The labels of an ML Program classifier: the list value bound to {@code classify}'s {@code classes}. */
    private static Optional<List<Object>> classifyLabels(Function main) {
        for (var block : main.getBlockSpecializationsMap().values()) {
            for (var op : block.getOperationsList()) {
                var classes = op.getInputsMap().get("classes");
                if (op.getType().equals("classify") && classes != null && classes.getArgumentsCount() == 1
                        && classes.getArguments(0).getValue().getImmediateValue().hasList()) {
                    List<Object> labels = new ArrayList<>();
                    for (var v : classes.getArguments(0).getValue().getImmediateValue().getList().getValuesList()) {
                        var t = v.getImmediateValue().getTensor();
                        labels.add(t.getStrings().getValuesCount() == 1 ? t.getStrings().getValues(0)
                                : t.getLongInts().getValuesCount() == 1 ? (Object) t.getLongInts().getValues(0) : "?");
                    }
                    return Optional.of(labels);
                }
            }
        }
        return Optional.empty();
    }

    private static void putIfSet(Map<String, Object> m, String key, String value) {
        if (!value.isEmpty()) {
            m.put(key, value);
        }
    }

    private static List<Map<String, Object>> features(List<FeatureDescription> features) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (FeatureDescription f : features) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", f.getName());
            FeatureType t = f.getType();
            if (t.hasMultiArrayType()) {
                m.put("type", "multiArray");
                m.put("dataType", t.getMultiArrayType().getDataType().name());
                m.put("shape", t.getMultiArrayType().getShapeList());
                var array = t.getMultiArrayType();
                if (array.hasEnumeratedShapes()) {
                    m.put("enumeratedShapes", array.getEnumeratedShapes().getShapesList().stream()
                            .map(x -> x.getShapeList()).toList());
                }
                if (array.hasShapeRange()) {
                    m.put("shapeRange", array.getShapeRange().getSizeRangesList().stream()
                            .map(r -> r.getLowerBound() + ".." + (r.getUpperBound() < 0 ? "" : r.getUpperBound()))
                            .toList());
                }
            } else if (t.hasImageType()) {
                m.put("type", "image");
                m.put("colorSpace", t.getImageType().getColorSpace().name());
                m.put("shape", List.of(t.getImageType().getHeight(), t.getImageType().getWidth()));
            } else if (t.hasDictionaryType()) {
                m.put("type", "dictionary");
                m.put("keyType", t.getDictionaryType().hasInt64KeyType() ? "int64" : "string");
            } else {
                // stringType, int64Type, doubleType, ...: the case's name without "type"
                m.put("type", t.getTypeCase().name().toLowerCase(java.util.Locale.ROOT).replaceFirst("type$", ""));
            }
            putIfSet(m, "description", f.getShortDescription());
            out.add(m);
        }
        return out;
    }

    private static void neuralNetwork(Map<String, Object> s, List<NeuralNetworkLayer> layers) {
        Map<String, Integer> counts = new TreeMap<>();
        List<String> kinds = new ArrayList<>();
        List<Map<String, Object>> custom = new ArrayList<>();
        long weights = 0;
        for (NeuralNetworkLayer l : layers) {
            String kind = l.getLayerCase().name().toLowerCase(java.util.Locale.ROOT);
            kinds.add(kind);
            counts.merge(kind, 1, Integer::sum);
            if (l.hasCustom()) {
                CustomLayerParams c = l.getCustom();
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", l.getName());
                m.put("className", c.getClassName());
                Map<String, Object> params = new TreeMap<>();
                c.getParametersMap().forEach((k, v) -> params.put(k, switch (v.getValueCase()) {
                    case BOOLVALUE -> v.getBoolValue();
                    case INTVALUE -> v.getIntValue();
                    case LONGVALUE -> v.getLongValue();
                    case DOUBLEVALUE -> v.getDoubleValue();
                    case STRINGVALUE -> v.getStringValue();
                    default -> "(unset)";
                }));
                m.put("parameters", params);
                m.put("inputs", l.getInputList());
                m.put("outputs", l.getOutputList());
                m.put("weights", c.getWeightsCount());
                m.put("description", c.getDescription());
                custom.add(m);
                for (WeightParams w : c.getWeightsList()) {
                    weights += weightBytes(w);
                }
            }
        }
        s.put("layerCount", layers.size());
        s.put("layers", kinds);
        s.put("layerCounts", counts);
        Map<String, String> forms = new TreeMap<>();
        NnWeightForms.count(layers).forEach((form, c) -> forms.put(form, c[0] + " (" + c[1] + " B)"));
        if (!forms.isEmpty()) {
            s.put("weightForms", forms);
        }
        if (!custom.isEmpty()) {
            s.put("customLayers", custom);
        }
        s.put("serializedBytes", layers.stream().mapToLong(NeuralNetworkLayer::getSerializedSize).sum());
        if (weights > 0) {
            s.put("customLayerWeightBytes", weights);
        }
    }

    private static long weightBytes(WeightParams w) {
        return 4L * w.getFloatValueCount() + w.getFloat16Value().size() + w.getRawValue().size();
    }

    private static Map<String, Object> function(Function f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("opset", f.getOpset());
        m.put("inputs", f.getInputsList().stream().map(i -> i.getName()).toList());
        Block b = f.getBlockSpecializationsMap().get(f.getOpset());
        if (b == null && !f.getBlockSpecializationsMap().isEmpty()) {
            b = f.getBlockSpecializationsMap().values().iterator().next();
        }
        if (b != null) {
            List<String> ops = new ArrayList<>();
            Map<String, Integer> counts = new TreeMap<>();
            collect(b, ops, counts);
            m.put("outputs", b.getOutputsList());
            m.put("opCount", ops.size());
            m.put("ops", ops);
            m.put("opCounts", counts);
        }
        return m;
    }

    private static void collect(Block b, List<String> ops, Map<String, Integer> counts) {
        for (Operation op : b.getOperationsList()) {
            ops.add(op.getType());
            counts.merge(op.getType(), 1, Integer::sum);
            for (Block nested : op.getBlocksList()) {
                collect(nested, ops, counts);
            }
        }
    }
}
