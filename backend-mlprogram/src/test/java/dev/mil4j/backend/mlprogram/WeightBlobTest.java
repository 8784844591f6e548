package dev.mil4j.backend.mlprogram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Function;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.testing.TestOps;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.value.TensorValue;
import dev.mil4j.spec.MlPackage;
import dev.mil4j.spec.proto.mil.Value;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The weight file, byte by byte, and the constants read back from it bit for bit. */
class WeightBlobTest {
    private static final OpRegistry OPS = TestOps.registry();

    @TempDir
    Path tmp;

    /** fp16 bit patterns that a float round trip would change: NaN payloads, -0, infinities, subnormals. */
    private static final short[] HALF_BITS = {
        0x7e01, (short) 0xfe42, (short) 0x8000, 0x0000, 0x7c00, (short) 0xfc00, 0x0001, (short) 0x83ff, 0x3c00,
        0x7bff, 0x0400, (short) 0xc000, 0x3555, 0x1234, 0x5678,
    };

    @Test
    void largeConstantsGoToTheBlobFileInOrderAndSmallOnesStayImmediate() throws IOException {
        Map<String, TensorValue> consts = new LinkedHashMap<>();
        consts.put("half15", TensorValue.ofHalfBits(Shape.of(3, 5), HALF_BITS));
        consts.put("float7", floats(7, 0.5f)); // below the threshold
        consts.put("float10", floats(10, -1f)); // exactly the threshold
        consts.put("half9", TensorValue.ofHalfBits(Shape.of(9), new short[] {1, 2, 3, 4, 5, 6, 7, 8, 9}));
        consts.put("float132", floats(132, 3.25f));
        consts.put("nan10", TensorValue.ofFloats(Shape.of(10), Float.intBitsToFloat(0x7fc00123), -0f,
                Float.MIN_VALUE, Float.MAX_VALUE, Float.NEGATIVE_INFINITY, 1, 2, 3, 4, 5));
        consts.put("int8x16", TensorValue.fromLongs(DType.INT8, Shape.of(16), range(-8, 16)));
        consts.put("uint8x10", TensorValue.fromLongs(DType.UINT8, Shape.of(2, 5), range(246, 10)));
        consts.put("int32x20", TensorValue.fromLongs(DType.INT32, Shape.of(20), range(0, 20))); // not a blob dtype
        consts.put("half1", TensorValue.ofHalfBits(Shape.of(1, 1, 1, 1, 1, 1, 1, 1, 1, 1), (short) 0x3c00));
        Program program = program(consts);
        Path out = tmp.resolve("weights.mlpackage");

        new MlPackageCodec().write(program, out, MlProgramOptions.defaults());

        List<String> blobNames = List.of("half15", "float10", "float132", "nan10", "int8x16", "uint8x10");
        int[] codes = {1, 2, 2, 2, 4, 3};
        byte[] file = Files.readAllBytes(out.resolve("Data/com.apple.CoreML/weights/weight.bin"));
        ByteBuffer bytes = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(bytes.getInt(0)).as("blob count").isEqualTo(blobNames.size());
        assertThat(bytes.getInt(4)).as("storage version").isEqualTo(2);
        assertThat(slice(file, 8, 64)).as("header padding").containsOnly(0);

        Map<String, Value> vals = constValues(out);
        long expectedOffset = 64;
        for (int i = 0; i < blobNames.size(); i++) {
            TensorValue v = consts.get(blobNames.get(i));
            Value val = vals.get(blobNames.get(i));
            assertThat(val.hasBlobFileValue()).as(blobNames.get(i)).isTrue();
            assertThat(val.getBlobFileValue().getFileName()).isEqualTo("@model_path/weights/weight.bin");
            long meta = val.getBlobFileValue().getOffset();
            assertThat(meta).as("metadata offset of " + blobNames.get(i)).isEqualTo(expectedOffset);
            assertThat(meta % 64).isZero();
            assertThat(bytes.getInt((int) meta)).isEqualTo(0xDEADBEEF);
            assertThat(bytes.getInt((int) meta + 4)).as("dtype code").isEqualTo(codes[i]);
            assertThat(bytes.getLong((int) meta + 8)).as("size").isEqualTo(v.byteSize());
            assertThat(bytes.getLong((int) meta + 16)).as("data offset").isEqualTo(meta + 64);
            assertThat(slice(file, (int) meta + 24, (int) meta + 64)).as("metadata padding").containsOnly(0);
            int data = (int) meta + 64;
            byte[] expected = new byte[(int) v.byteSize()];
            v.buffer().get(expected);
            assertThat(slice(file, data, data + expected.length)).as("data of " + blobNames.get(i))
                    .isEqualTo(expected);
            int end = data + expected.length;
            expectedOffset = (end + 63) / 64 * 64;
            if (i < blobNames.size() - 1) {
                assertThat(slice(file, end, (int) expectedOffset)).as("padding").containsOnly(0);
            } else {
                assertThat(file).as("no padding after the last blob").hasSize(end);
            }
        }
        for (String immediate : List.of("float7", "half9", "int32x20", "half1")) {
            assertThat(vals.get(immediate).hasImmediateValue()).as(immediate).isTrue();
        }
        assertThat(vals.get("half9").getImmediateValue().getTensor().hasBytes()).as("fp16 as raw bytes").isTrue();

        Program back = new MlPackageCodec().read(out, OPS);
        Map<String, TensorValue> read = new LinkedHashMap<>();
        for (Operation op : back.main().body().operations()) {
            op.attribute("val").ifPresent(v -> read.put(op.name(), v));
        }
        for (Map.Entry<String, TensorValue> c : consts.entrySet()) {
            TensorValue r = read.get(c.getKey());
            assertThat(r).as(c.getKey()).isEqualTo(c.getValue());
            assertThat(r.type()).isEqualTo(c.getValue().type());
            if (blobNames.contains(c.getKey())) {
                assertThat(r.buffer().isDirect()).as(c.getKey() + " is a view of the mapped file").isTrue();
            }
        }
        assertThat(read.get("half15").buffer().asShortBuffer().get(0)).isEqualTo((short) 0x7e01);
    }

    @Test
    void thresholdIsAnOption() throws IOException {
        Map<String, TensorValue> consts = new LinkedHashMap<>();
        consts.put("float10", floats(10, 1f));
        consts.put("float100", floats(100, 1f));
        Path out = tmp.resolve("threshold.mlpackage");

        new MlPackageCodec().write(program(consts), out, MlProgramOptions.builder().blobThreshold(50).build());

        Map<String, Value> vals = constValues(out);
        assertThat(vals.get("float10").hasImmediateValue()).isTrue();
        assertThat(vals.get("float100").getBlobFileValue().getOffset()).isEqualTo(64);
    }

    private static Program program(Map<String, TensorValue> consts) {
        Program program = new Program();
        Function f = program.addFunction("main", Opset.IOS15, Map.of("x", TensorType.of(DType.FP32, 4)));
        Builder b = Builder.atEnd(f.body(), OPS);
        consts.forEach((name, v) -> b.constant(v, name));
        f.setOutputs(List.of(b.op("relu").input("x", f.inputs().get(0)).name("y").output()));
        return program;
    }

    private static Map<String, Value> constValues(Path pkg) throws IOException {
        Map<String, Value> out = new LinkedHashMap<>();
        var main = MlPackage.read(pkg).model().getMlProgram().getFunctionsMap().get("main");
        for (var op : main.getBlockSpecializationsMap().get("CoreML5").getOperationsList()) {
            if (op.getType().equals("const")) {
                out.put(op.getOutputs(0).getName(), op.getAttributesMap().get("val"));
            }
        }
        return out;
    }

    private static TensorValue floats(int n, float start) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = start + i * 0.125f;
        }
        return TensorValue.ofFloats(Shape.of(n), v);
    }

    private static long[] range(long start, int n) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = start + i;
        }
        return v;
    }

    private static byte[] slice(byte[] b, int from, int to) {
        byte[] out = new byte[to - from];
        System.arraycopy(b, from, out, 0, out.length);
        return out;
    }
}
