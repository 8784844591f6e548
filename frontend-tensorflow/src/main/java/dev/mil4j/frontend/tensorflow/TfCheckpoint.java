package dev.mil4j.frontend.tensorflow;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32C;
import org.tensorflow.proto.BundleEntryProto;
import org.tensorflow.proto.BundleHeaderProto;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.TensorProto;

/**
 * A TensorFlow checkpoint (tensor bundle) as a SavedModel stores its variables, read in pure Java:
 * {@code variables/variables.index} is a {@link TfTable} whose empty key holds a {@code BundleHeaderProto} (shard
 * count, byte order) and whose other keys map each saved tensor's name to a {@code BundleEntryProto} (dtype, shape,
 * shard, offset, size, masked CRC32C); the bytes of each tensor lie in
 * {@code variables/variables.data-SSSSS-of-NNNNN}.
 *
 * <p>Nothing is trusted: files are opened only when their real path lies inside the SavedModel directory (no
 * symbolic link leads out), the index is size-bounded, shard ids, offsets and sizes are checked against the header
 * and the shard file, sizes against dtype and shape, and the tensor bytes against their checksum.
 */
final class TfCheckpoint {
    /** The largest index file read. */
    static final long MAX_INDEX_BYTES = 64L << 20;
    /** The largest number of data shards accepted. */
    static final int MAX_SHARDS = 10_000;
    static final String VARIABLES = "variables";
    static final String INDEX = "variables/variables.index";

    /** A problem with the checkpoint; the message names the file and what is wrong. */
    static final class CheckpointException extends Exception {
        private static final long serialVersionUID = 1L;

        CheckpointException(String message) {
            super(message);
        }
    }

    private final Path root;
    private final String name;
    private final int shards;
    private final Map<String, BundleEntryProto> entries;

    private TfCheckpoint(Path root, String name, int shards, Map<String, BundleEntryProto> entries) {
        this.root = root;
        this.name = name;
        this.shards = shards;
        this.entries = entries;
    }

    /**
     * Opens the checkpoint of SavedModel directory {@code dir}; empty when it has no {@value #INDEX}.
     *
     * @param name the directory's name for messages
     */
    static Optional<TfCheckpoint> open(Path dir, String name) throws CheckpointException {
        requireNonNull(dir, "dir is null");
        Path index = dir.resolve(INDEX);
        if (!Files.exists(index, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        Path root;
        try {
            root = dir.toRealPath();
        } catch (IOException e) {
            throw new CheckpointException("cannot resolve SavedModel directory " + name + ": " + e);
        }
        byte[] bytes = readInside(root, index, name + "/" + INDEX, MAX_INDEX_BYTES);
        Map<String, byte[]> table;
        try {
            table = TfTable.read(bytes);
        } catch (TfTable.FormatException e) {
            throw new CheckpointException("checkpoint index " + name + "/" + INDEX + " is not a valid TensorFlow "
                    + "checkpoint index: " + e.getMessage());
        }
        byte[] headerBytes = table.get("");
        if (headerBytes == null) {
            throw new CheckpointException("checkpoint index " + name + "/" + INDEX + " has no bundle header "
                    + "(the entry with the empty key)");
        }
        BundleHeaderProto header;
        try {
            header = BundleHeaderProto.parseFrom(headerBytes);
        } catch (InvalidProtocolBufferException e) {
            throw new CheckpointException("checkpoint index " + name + "/" + INDEX + " has a malformed bundle "
                    + "header: " + e.getMessage());
        }
        if (header.getEndianness() != BundleHeaderProto.Endianness.LITTLE) {
            throw new CheckpointException("checkpoint " + name + "/" + VARIABLES + " was written big-endian; "
                    + "mil4j reads little-endian checkpoints (those of x86 and ARM machines)");
        }
        if (header.getNumShards() < 1 || header.getNumShards() > MAX_SHARDS) {
            throw new CheckpointException("checkpoint index " + name + "/" + INDEX + " declares "
                    + header.getNumShards() + " data shards (expected 1 to " + MAX_SHARDS + ")");
        }
        Map<String, BundleEntryProto> entries = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : table.entrySet()) {
            if (e.getKey().isEmpty()) {
                continue;
            }
            try {
                entries.put(e.getKey(), BundleEntryProto.parseFrom(e.getValue()));
            } catch (InvalidProtocolBufferException ex) {
                throw new CheckpointException("checkpoint index " + name + "/" + INDEX + " has a malformed entry "
                        + "for `" + e.getKey() + "`: " + ex.getMessage());
            }
        }
        return Optional.of(new TfCheckpoint(root, name, header.getNumShards(), entries));
    }

    /** The names of the saved tensors, in key order. */
    java.util.Set<String> keys() {
        return java.util.Collections.unmodifiableSet(entries.keySet());
    }

    /** The data file of shard {@code shard}, such as {@code variables/variables.data-00000-of-00001}. */
    String shardFile(int shard) {
        return String.format(java.util.Locale.ROOT, "variables/variables.data-%05d-of-%05d", shard, shards);
    }

    /**
     * The saved tensor {@code key} as a tensor proto (dtype, shape, little-endian content), checked against its
     * entry and checksum.
     */
    TensorProto tensor(String key) throws CheckpointException {
        BundleEntryProto e = entries.get(key);
        if (e == null) {
            throw new CheckpointException("checkpoint " + name + "/" + VARIABLES + " has no tensor `" + key + "`");
        }
        String what = "tensor `" + key + "` of checkpoint " + name + "/" + VARIABLES;
        if (e.getSlicesCount() > 0) {
            throw new CheckpointException(what + " is saved in " + e.getSlicesCount() + " slices (a partitioned "
                    + "variable); mil4j reads whole tensors");
        }
        int width = width(e.getDtype());
        if (width == 0) {
            throw new CheckpointException(what + " has dtype " + TfTensors.name(e.getDtype()) + "; mil4j reads "
                    + "numeric and bool variables");
        }
        long count = 1;
        for (var d : e.getShape().getDimList()) {
            if (d.getSize() < 0) {
                throw new CheckpointException(what + " has a negative dim " + d.getSize());
            }
            count = Math.multiplyExact(count, d.getSize());
            if (count > TfTensors.MAX_ELEMENTS) {
                throw new CheckpointException(what + " has more than " + TfTensors.MAX_ELEMENTS + " elements");
            }
        }
        if (e.getSize() != count * width) {
            throw new CheckpointException(what + " is " + e.getSize() + " bytes, but " + count + " elements of "
                    + TfTensors.name(e.getDtype()) + " are " + count * width);
        }
        if (e.getShardId() < 0 || e.getShardId() >= shards) {
            throw new CheckpointException(what + " is in shard " + e.getShardId() + ", but the checkpoint has "
                    + shards + (shards == 1 ? " shard" : " shards"));
        }
        String file = shardFile(e.getShardId());
        Path shard = root.resolve(file);
        byte[] data = readRange(shard, name + "/" + file, e.getOffset(), (int) e.getSize(), what);
        CRC32C crc = new CRC32C();
        crc.update(data);
        if (TfTable.mask((int) crc.getValue()) != e.getCrc32C()) {
            throw new CheckpointException(what + " fails its checksum: the bytes at offset " + e.getOffset()
                    + " of " + name + "/" + file + " are not the ones saved (the file is corrupt or was replaced)");
        }
        return TensorProto.newBuilder().setDtype(e.getDtype()).setTensorShape(e.getShape())
                .setTensorContent(UnsafeByteOperations.unsafeWrap(data)).build();
    }

    /** The byte width of a dtype saved as raw little-endian bytes; 0 for the others (strings, resources, ...). */
    private static int width(DataType dt) {
        return switch (dt) {
            case DT_DOUBLE, DT_INT64, DT_UINT64 -> 8;
            case DT_FLOAT, DT_INT32, DT_UINT32 -> 4;
            case DT_HALF, DT_BFLOAT16, DT_INT16, DT_UINT16 -> 2;
            case DT_INT8, DT_UINT8, DT_BOOL -> 1;
            default -> 0;
        };
    }

    /** Checks that {@code file}'s real path is inside {@code root} (no link leads out of the SavedModel). */
    private static Path inside(Path root, Path file, String what) throws CheckpointException {
        Path real;
        try {
            real = file.toRealPath();
        } catch (java.nio.file.NoSuchFileException e) {
            throw new CheckpointException(what + " is missing");
        } catch (IOException e) {
            throw new CheckpointException("cannot read " + what + ": " + e);
        }
        if (!real.startsWith(root)) {
            throw new CheckpointException(what + " leads out of the SavedModel directory (to " + real + "); "
                    + "mil4j reads only files inside it");
        }
        if (!Files.isRegularFile(real)) {
            throw new CheckpointException(what + " is not a regular file");
        }
        return real;
    }

    private static byte[] readInside(Path root, Path file, String what, long max) throws CheckpointException {
        Path real = inside(root, file, what);
        try {
            long size = Files.size(real);
            if (size > max) {
                throw new CheckpointException(what + " is " + size + " bytes, larger than the " + max
                        + " bytes mil4j reads");
            }
            return Files.readAllBytes(real);
        } catch (IOException e) {
            throw new CheckpointException("cannot read " + what + ": " + e);
        }
    }

    private byte[] readRange(Path shard, String what, long offset, int size, String tensor)
            throws CheckpointException {
        Path real = inside(root, shard, what);
        try (FileChannel ch = FileChannel.open(real, StandardOpenOption.READ)) {
            long length = ch.size();
            if (offset < 0 || offset > length || size > length - offset) {
                throw new CheckpointException(tensor + " lies at bytes " + offset + ".." + (offset + size) + " of "
                        + what + ", which has only " + length + " bytes (the file is truncated)");
            }
            ByteBuffer buf = ByteBuffer.allocate(size);
            while (buf.hasRemaining()) {
                if (ch.read(buf, offset + buf.position()) < 0) {
                    throw new CheckpointException(what + " ended while reading " + tensor);
                }
            }
            return buf.array();
        } catch (IOException e) {
            throw new CheckpointException("cannot read " + what + ": " + e);
        }
    }
}
