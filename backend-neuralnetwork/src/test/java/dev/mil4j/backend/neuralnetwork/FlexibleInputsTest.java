package dev.mil4j.backend.neuralnetwork;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.converter.ConvertOptions;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.DimBound;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.ops.ActivationOps;
import dev.mil4j.spec.proto.ArrayFeatureType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Symbolic input dimensions become flexible shape ranges: the function's range for a symbol, else 1 to any. */
class FlexibleInputsTest {
    @Test
    void theFunctionsRangesBecomeTheInputsShapeRanges() {
        Program p = new Program();
        Builder b = TestPrograms.main(p, TestPrograms.registry(),
                Map.of("x", TensorType.of(DType.FP32, Dim.symbol("B"), Dim.symbol("S"), Dim.of(4))));
        b.function().setOutputs(List.of(ActivationOps.relu(b, b.function().inputs().get(0))));
        p.main().setDimBound("B", new DimBound(2, 64));

        ArrayFeatureType x = new NeuralNetworkBackend().toModel(p, ConvertOptions.builder().target("neuralnetwork")
                .build()).getDescription().getInput(0).getType().getMultiArrayType();

        assertThat(x.getShapeList()).as("a range's lower bound is the default size").containsExactly(2L, 1L, 4L);
        assertThat(x.getShapeRange().getSizeRangesList()).extracting(r -> r.getLowerBound() + ".." + r.getUpperBound())
                .containsExactly("2..64", "1..-1", "4..4");
    }
}
