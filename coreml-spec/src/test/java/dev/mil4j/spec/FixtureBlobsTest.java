package dev.mil4j.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import dev.mil4j.spec.blob.Blob;
import dev.mil4j.spec.blob.BlobDataType;
import dev.mil4j.spec.blob.BlobFile;
import dev.mil4j.spec.proto.mil.Dimension;
import dev.mil4j.spec.proto.mil.TensorType;
import dev.mil4j.spec.proto.mil.Value;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The weight files coremltools wrote hold exactly the blobs their ML Programs refer to, of the right type and size. */
class FixtureBlobsTest {
    static Stream<Path> packages() {
        return Fixtures.allPackages().stream();
    }

    @ParameterizedTest
    @MethodSource("packages")
    void everyBlobFileValueResolvesToAValidBlob(Path directory) throws IOException {
        MlPackage pkg = MlPackage.read(directory);
        List<Value> values = new ArrayList<>();
        collectBlobValues(pkg.model(), values);
        if (pkg.weightsDirectory().isEmpty()) {
            assertThat(values).as("a package without weights refers to none").isEmpty();
            return;
        }
        assertThat(values).isNotEmpty();
        Set<Long> referenced = new TreeSet<>();
        for (Value value : values) {
            String fileName = value.getBlobFileValue().getFileName();
            assertThat(fileName).isEqualTo("@model_path/weights/weight.bin");
            try (BlobFile file = pkg.openBlobFile(fileName)) {
                Blob blob = file.blob(value.getBlobFileValue().getOffset());
                TensorType tensor = value.getType().getTensorType();
                long elements = 1;
                for (Dimension d : tensor.getDimensionsList()) {
                    elements *= d.getConstant().getSize();
                }
                assertThat(blob.dataType().milDataType()).isEqualTo(tensor.getDataType());
                assertThat(blob.sizeInBytes()).isEqualTo(blob.dataType().sizeInBytes(elements));
                assertThat(file.data(blob).remaining()).isEqualTo(blob.sizeInBytes());
                referenced.add(blob.metadataOffset());
            }
        }
        try (BlobFile file = pkg.openBlobFile("@model_path/weights/weight.bin")) {
            List<Blob> blobs = file.blobs();
            assertThat(blobs).hasSize((int) file.blobCount());
            Set<Long> offsets = blobs.stream().map(Blob::metadataOffset).collect(Collectors.toCollection(TreeSet::new));
            assertThat(offsets).as("every blob is referenced").isEqualTo(referenced);
            assertThat(blobs).allSatisfy(b -> assertThat(b.dataType()).isIn(BlobDataType.FLOAT16,
                    BlobDataType.FLOAT32));
            assertThat(blobs.get(blobs.size() - 1).endOffset()).as("no bytes after the last blob")
                    .isEqualTo(file.length());
        }
    }

    /** Collects every MIL Value held in a blob file, anywhere in the message tree. */
    static void collectBlobValues(Message message, List<Value> out) {
        if (message instanceof Value && ((Value) message).hasBlobFileValue()) {
            out.add((Value) message);
        }
        for (Map.Entry<FieldDescriptor, Object> field : message.getAllFields().entrySet()) {
            if (field.getKey().getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
                continue;
            }
            if (field.getKey().isRepeated()) {
                for (Object element : (List<?>) field.getValue()) {
                    collectBlobValues((Message) element, out);
                }
            } else {
                collectBlobValues((Message) field.getValue(), out);
            }
        }
    }
}
