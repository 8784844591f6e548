package dev.mil4j.backend.neuralnetwork.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.diag.Diagnostic;
import dev.mil4j.core.testing.TestData;
import dev.mil4j.ops.StandardOps;
import dev.mil4j.spec.proto.ActivationParams;
import dev.mil4j.spec.proto.ActivationReLU;
import dev.mil4j.spec.proto.ArrayFeatureType;
import dev.mil4j.spec.proto.FeatureDescription;
import dev.mil4j.spec.proto.FeatureType;
import dev.mil4j.spec.proto.GRULayerParams;
import dev.mil4j.spec.proto.InnerProductLayerParams;
import dev.mil4j.spec.proto.Model;
import dev.mil4j.spec.proto.ModelDescription;
import dev.mil4j.spec.proto.NeuralNetwork;
import dev.mil4j.spec.proto.NeuralNetworkLayer;
import dev.mil4j.spec.proto.NeuralNetworkLayer.LayerCase;
import dev.mil4j.spec.proto.WeightParams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the reader refuses, and the layer kinds it reads. */
class ReaderDiagnosticsTest {
    private static FeatureDescription array(String name, long... shape) {
        ArrayFeatureType.Builder a = ArrayFeatureType.newBuilder().setDataType(ArrayFeatureType.ArrayDataType.FLOAT32);
        for (long d : shape) {
            a.addShape(d);
        }
        return FeatureDescription.newBuilder().setName(name).setType(FeatureType.newBuilder().setMultiArrayType(a))
                .build();
    }

    private static Model model(NeuralNetworkLayer... layers) {
        return Model.newBuilder().setSpecificationVersion(4).setDescription(ModelDescription.newBuilder()
                .addInput(array("x", 2, 4)).addOutput(array("y")))
                .setNeuralNetwork(NeuralNetwork.newBuilder().addAllLayers(java.util.List.of(layers))).build();
    }

    private static NeuralNetworkLayer.Builder layer(String name, String in, String out) {
        return NeuralNetworkLayer.newBuilder().setName(name).addInput(in).addOutput(out);
    }

    private static java.util.List<Diagnostic> problems(Model m) {
        try {
            NeuralNetworkReader.read(m, StandardOps.newRegistry(), "m.mlmodel");
        } catch (ConversionException e) {
            return e.diagnostics();
        }
        throw new AssertionError("read without a problem");
    }

    @Test
    void aCustomLayerIsRefusedNamingTheLayerAndItsClass() {
        assertThatThrownBy(() -> Fixtures.read(TestData.path("coremltools/topk_head_custom_topk.mlmodel")))
                .isInstanceOf(ConversionException.class)
                .hasMessageContaining("layer `10` (custom) is a custom layer of class `CustomTopK`")
                .hasMessageContaining("--plugin");
    }

    @Test
    void eachUnreadableLayerGetsOneDiagnosticAndItsDependentsNone() {
        Model m = model(
                layer("recurrent", "x", "h").setGru(GRULayerParams.getDefaultInstance()).build(),
                layer("after", "h", "h2").setActivation(ActivationParams.newBuilder()
                        .setReLU(ActivationReLU.getDefaultInstance())).build(),
                layer("dense", "x", "y").setInnerProduct(InnerProductLayerParams.newBuilder().setInputChannels(4)
                        .setOutputChannels(3).setWeights(WeightParams.newBuilder().addFloatValue(1))).build());
        var problems = problems(m);
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0).message()).contains("layer `recurrent` (gru)", "no MIL form");
        assertThat(problems.get(1).message()).contains("layer `dense` (innerProduct)", "weight `weights`",
                "12 values");
    }

    @Test
    void anOutputNoLayerMakesIsReported() {
        Model m = model(layer("r", "x", "z").setActivation(ActivationParams.newBuilder()
                .setReLU(ActivationReLU.getDefaultInstance())).build());
        assertThat(problems(m)).singleElement().extracting(Diagnostic::message).asString()
                .contains("output `y` is made by no layer");
    }

    @Test
    void aMissingInputBlobIsReported() {
        Model m = model(layer("r", "nowhere", "y").setActivation(ActivationParams.newBuilder()
                .setReLU(ActivationReLU.getDefaultInstance())).build());
        assertThat(problems(m)).singleElement().extracting(Diagnostic::message).asString()
                .contains("layer `r` (activation)", "input blob `nowhere`");
    }

    /** Found by the first fuzzing campaign of the reader: two inputs of one name made an index error. */
    @Test
    void anInputDeclaredTwiceIsReported() {
        Model twice = model(layer("r", "x", "y").setActivation(ActivationParams.newBuilder()
                .setReLU(ActivationReLU.getDefaultInstance())).build()).toBuilder()
                .setDescription(ModelDescription.newBuilder().addInput(array("x", 2, 4)).addInput(array("x", 2, 4))
                        .addOutput(array("y")))
                .build();
        assertThat(problems(twice)).singleElement().extracting(Diagnostic::message).asString()
                .contains("declares input `x` twice");
    }

    // every NeuralNetwork model in the repository reads, or fails with diagnostics only (the custom-layer model)
    @Test
    void everyCommittedNeuralNetworkModelReads() throws Exception {
        List<Path> models;
        try (var files = Files.walk(TestData.root())) {
            models = files.filter(p -> p.toString().endsWith(".mlmodel") && !p.toString().contains(".mlpackage"))
                    .sorted().toList();
        }
        assertThat(models).hasSizeGreaterThan(15);
        for (Path m : models) {
            if (m.getFileName().toString().equals("topk_head_custom_topk.mlmodel")) {
                assertThatThrownBy(() -> Fixtures.read(m)).isInstanceOf(ConversionException.class);
            } else {
                assertThat(Fixtures.read(m).main().outputs()).as(m.toString()).isNotEmpty();
            }
        }
    }

    // every layer kind mil4j's backend writes is read (pinned: a new gap fails here)
    @Test
    void theBackendsLayerKindsHaveReaders() {
        Set<LayerCase> written = EnumSet.noneOf(LayerCase.class);
        for (String name : ("ACTIVATION TRANSPOSE EXPANDDIMS COPY BATCHEDMATMUL ADD UPSAMPLE SQUEEZE RESHAPESTATIC "
                + "WHEREBROADCASTABLE UNARY SLICESTATIC POOLING MULTIPLYBROADCASTABLE MULTIPLY GREATERTHAN FLOOR "
                + "CONVOLUTION CEIL BATCHNORM ADDBROADCASTABLE WHERENONZERO TOPK TILE TAN STACK SPLITND SOFTMAXND "
                + "SLIDINGWINDOWS SLICEDYNAMIC SLICE SINH SIN SIGN SCATTERND SCATTERALONGAXIS SCATTER SCALE ROUND "
                + "REVERSESEQ REVERSE RESIZEBILINEAR RESHAPEDYNAMIC REORGANIZEDATA REDUCESUMSQUARE REDUCESUM "
                + "REDUCEPROD REDUCEMIN REDUCEMEAN REDUCEMAX REDUCELOGSUMEXP REDUCELOGSUM REDUCEL2 REDUCEL1 "
                + "RANKPRESERVINGRESHAPE RANGEDYNAMIC POWBROADCASTABLE PADDING ONEHOT NOTEQUAL NONMAXIMUMSUPPRESSION "
                + "MVN MODBROADCASTABLE MINBROADCASTABLE MIN MAXBROADCASTABLE MAX MATRIXBANDPART LRN LOOP "
                + "LOGICALXOR LOGICALOR LOGICALNOT LOGICALAND LOADCONSTANTND LESSTHAN LESSEQUAL LAYERNORMALIZATION "
                + "L2NORMALIZE INNERPRODUCT GREATEREQUAL GETSHAPE GELU GATHERND GATHERALONGAXIS GATHER "
                + "FLOORDIVBROADCASTABLE FLATTENTO2D FILLSTATIC FILLDYNAMIC EXP2 ERF EQUAL DIVIDEBROADCASTABLE CUSTOM "
                + "CUMSUM CROPRESIZE CROP COSH COS CONVOLUTION3D CONSTANTPAD CONCATND CLIP CLAMPEDRELU BRANCH ATANH "
                + "ATAN ASIN ARGSORT ARGMIN ARGMAX ACOS").split(" ")) {
            written.add(LayerCase.valueOf(name));
        }
        written.removeAll(LayerReaders.kinds());
        // custom layers are read only as the custom op a plugin binds to their class (CustomLayerTest)
        assertThat(written).containsExactly(LayerCase.CUSTOM);
    }
}
