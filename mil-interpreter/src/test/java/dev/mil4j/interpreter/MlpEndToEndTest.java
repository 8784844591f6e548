package dev.mil4j.interpreter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Function;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.testing.TestData;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.interpreter.npy.Npy;
import dev.mil4j.ops.StandardOps;
import dev.mil4j.spec.MlPackage;
import dev.mil4j.spec.blob.BlobFile;
import dev.mil4j.spec.proto.mil.Dimension;
import dev.mil4j.spec.proto.mil.Operation;
import dev.mil4j.spec.proto.mil.Value;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@code mlp} fixture end to end: the op sequence coremltools 9.0 produced (fp16 compute), rebuilt with the
 * standard ops, with every constant (weights from the fp16 blob file, and the small immediates) read from the real
 * {@code mlp.mlpackage}; run on PyTorch's recorded input, compared with PyTorch's recorded output.
 */
class MlpEndToEndTest {
    private static final Path TESTDATA = TestData.root();

    @Test
    void matchesTorchWithinFp16Tolerance() throws IOException {
        Map<String, TensorValue> consts = readConsts(TESTDATA.resolve("coremltools/mlp.mlpackage"));
        Program program = new Program();
        Function f = program.addFunction("main", Opset.IOS15, Map.of("input0", TensorType.of(DType.FP32, 4, 20)));
        Builder b = Builder.atEnd(f.body(), StandardOps.newRegistry());
        Var x = b.op("cast").input("x", f.inputs().get(0)).input("dtype", consts.get("input0_to_fp16_dtype_0"))
                .output();
        Var h1 = b.op("tanh").input("x", linear(b, x, consts, "l1")).output();
        Var gate = b.op("sigmoid").input("x", linear(b, h1, consts, "l2")).output();
        Var h2 = b.op("mul").input("x", gate).input("y", h1).output();
        Var soft = b.op("softmax").input("x", linear(b, h2, consts, "l3")).input("axis", consts.get("var_3")).output();
        Var log = b.op("log").input("x", soft).input("epsilon", consts.get("var_19_epsilon_0_to_fp16")).output();
        Var out = b.op("cast").input("x", log).input("dtype", consts.get("var_19_cast_fp16_to_fp32_dtype_0"))
                .name("var_19").output();
        f.setOutputs(List.of(out));

        TensorValue input = Npy.read(TESTDATA.resolve("torch/mlp.input0.npy"));
        TensorValue expected = Npy.read(TESTDATA.resolve("torch/mlp.output0.npy"));
        TensorValue actual = Interpreter.standard().run(program, Map.of("input0", input)).get("var_19");

        assertThat(actual.type()).isEqualTo(expected.type());
        float[] a = actual.toFloatArray();
        float[] e = expected.toFloatArray();
        float worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - e[i]));
        }
        assertThat(worst).as("worst absolute difference from PyTorch").isLessThan(1e-2f);
    }

    private static Var linear(Builder b, Var x, Map<String, TensorValue> consts, String layer) {
        return b.op("linear").input("x", x).input("weight", consts.get(layer + "_weight_to_fp16"))
                .input("bias", consts.get(layer + "_bias_to_fp16")).output();
    }

    /** The value of every const op of the package's main function, by output name. */
    private static Map<String, TensorValue> readConsts(Path mlpackage) throws IOException {
        MlPackage pkg = MlPackage.read(mlpackage);
        var main = pkg.model().getMlProgram().getFunctionsMap().get("main");
        var block = main.getBlockSpecializationsMap().get(main.getOpset());
        Map<String, TensorValue> out = new HashMap<>();
        for (Operation op : block.getOperationsList()) {
            if (op.getType().equals("const")) {
                out.put(op.getOutputs(0).getName(), value(pkg, op.getAttributesMap().get("val")));
            }
        }
        return out;
    }

    private static TensorValue value(MlPackage pkg, Value v) throws IOException {
        var type = v.getType().getTensorType();
        long[] dims = new long[type.getDimensionsCount()];
        for (int i = 0; i < dims.length; i++) {
            Dimension d = type.getDimensions(i);
            dims[i] = d.getConstant().getSize();
        }
        Shape shape = Shape.of(dims);
        if (v.hasBlobFileValue()) {
            try (BlobFile blobs = pkg.openBlobFile(v.getBlobFileValue().getFileName())) {
                assertThat(type.getDataType().name()).isEqualTo("FLOAT16");
                return TensorValue.wrap(DType.FP16, shape, blobs.data(v.getBlobFileValue().getOffset()));
            }
        }
        var t = v.getImmediateValue().getTensor();
        return switch (type.getDataType()) {
            case STRING -> TensorValue.ofStrings(shape, t.getStrings().getValuesList().toArray(new String[0]));
            case INT32 -> TensorValue.ofInts(shape, t.getInts().getValuesList().stream().mapToInt(i -> i).toArray());
            case FLOAT16 -> TensorValue.wrap(DType.FP16, shape, t.getBytes().getValues().asReadOnlyByteBuffer());
            default -> throw new AssertionError("unexpected const type " + type.getDataType());
        };
    }
}
