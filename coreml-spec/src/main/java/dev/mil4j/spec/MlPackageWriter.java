package dev.mil4j.spec;

import static java.util.Objects.requireNonNull;

import dev.mil4j.spec.blob.BlobFileWriter;
import dev.mil4j.spec.internal.AtomicFiles;
import dev.mil4j.spec.proto.Model;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Writes an {@code .mlpackage} directory atomically: the package is built in a temporary sibling directory and
 * renamed into place by {@link #finish}; closing the writer without finishing deletes it, so a failure never leaves
 * a half-written package.
 * <pre>{@code
 * try (MlPackageWriter writer = MlPackageWriter.create(target)) {
 *     long offset = writer.weights().write(BlobDataType.FLOAT16, data);
 *     // ... build the ML Program, referring to (MlPackageWriter.WEIGHT_FILE, offset) ...
 *     writer.finish(model);
 * }
 * }</pre>
 * Not thread-safe.
 */
public final class MlPackageWriter implements AutoCloseable {
    /** The weight file name for MIL {@code BlobFileValue}s pointing at {@link #weights()}. */
    public static final String WEIGHT_FILE = MlPackage.MODEL_PATH_PREFIX + "weights/weight.bin";

    private final Path target;
    private final Path temp;
    private Optional<BlobFileWriter> weights = Optional.empty();
    private boolean finished;
    private boolean closed;

    private MlPackageWriter(Path target, Path temp) {
        this.target = target;
        this.temp = temp;
    }

    /**
     * Starts writing a package. Nothing appears at {@code target} until {@link #finish}.
     *
     * @param target the {@code .mlpackage} directory to create or replace; its parent must exist
     * @return the writer
     * @throws IOException if the temporary directory cannot be created, or {@code target} is a file
     */
    public static MlPackageWriter create(Path target) throws IOException {
        requireNonNull(target, "target is null");
        if (Files.exists(target) && !Files.isDirectory(target)) {
            throw new IOException(target + " exists and is not a directory; remove it or choose another name");
        }
        Path temp = AtomicFiles.createTempSiblingDirectory(target);
        try {
            Files.createDirectories(temp.resolve(MlPackage.DATA_DIRECTORY).resolve(Manifest.WEIGHTS_PATH));
        } catch (IOException e) {
            AtomicFiles.deleteRecursively(temp);
            throw e;
        }
        return new MlPackageWriter(target, temp);
    }

    /** @return the package directory this writer will produce */
    public Path target() {
        return target;
    }

    /**
     * The package's weight file, {@value #WEIGHT_FILE}, created on first use.
     *
     * @return the writer of the weight blob file; {@link #finish} finishes it
     * @throws IOException if the file cannot be created
     */
    public BlobFileWriter weights() throws IOException {
        checkOpen();
        if (weights.isEmpty()) {
            Path file = temp.resolve(MlPackage.DATA_DIRECTORY).resolve(Manifest.WEIGHTS_PATH).resolve("weight.bin");
            weights = Optional.of(BlobFileWriter.create(file));
        }
        return weights.get();
    }

    /**
     * Writes the model and a manifest whose identifiers derive from the model ({@link Manifest#derivedFrom}), so the
     * same model always gives the same package, and renames the package into place.
     *
     * @param model the root model
     * @throws IOException if writing fails; nothing is left behind then
     */
    public void finish(Model model) throws IOException {
        requireNonNull(model, "model is null");
        byte[] bytes = model.toByteArray();
        finish(bytes, Manifest.derivedFrom(bytes));
    }

    /**
     * Writes the model and the given manifest, and renames the package into place.
     *
     * @param model the root model
     * @param manifest the manifest; its root model must be at {@value Manifest#MODEL_PATH}
     * @throws IOException if writing fails; nothing is left behind then
     */
    public void finish(Model model, Manifest manifest) throws IOException {
        requireNonNull(model, "model is null");
        requireNonNull(manifest, "manifest is null");
        finish(model.toByteArray(), manifest);
    }

    /**
     * The files are written in place inside the temporary package directory, whose rename publishes them all at
     * once (atomic against errors and kills). When the package replaces an existing one, every file is forced to
     * disk before that rename, so a crash of the machine never loses both packages; the small files are written
     * before the weights are forced, so a file system that writes the data of new files with its journal commit
     * (ext4 in its default ordered mode) carries all three in one commit. A new package is not forced (the rule of
     * {@code AtomicFiles}).
     */
    private void finish(byte[] model, Manifest manifest) throws IOException {
        checkOpen();
        if (!manifest.rootModel().path().equals(Manifest.MODEL_PATH)) {
            throw new IllegalArgumentException("the manifest's root model must be at " + Manifest.MODEL_PATH
                    + ", not " + manifest.rootModel().path());
        }
        boolean done = false;
        try {
            boolean force = AtomicFiles.mustForce(target);
            byte[] json = manifest.toJson().getBytes(StandardCharsets.UTF_8);
            try (FileChannel modelFile = AtomicFiles.createInTemporary(
                    temp.resolve(MlPackage.DATA_DIRECTORY).resolve(Manifest.MODEL_PATH));
                    FileChannel manifestFile = AtomicFiles.createInTemporary(temp.resolve(MlPackage.MANIFEST_FILE))) {
                AtomicFiles.writeFully(modelFile, ByteBuffer.wrap(model));
                AtomicFiles.writeFully(manifestFile, ByteBuffer.wrap(json));
                if (weights.isPresent()) {
                    weights.get().finish();
                    if (force) {
                        AtomicFiles.force(weights.get().target());
                    }
                }
                if (force) {
                    modelFile.force(true);
                    manifestFile.force(true);
                }
            }
            AtomicFiles.moveIntoPlace(temp, target);
            finished = true;
            done = true;
        } finally {
            if (!done) {
                close();
            }
        }
    }

    /** Deletes the temporary directory if {@link #finish} was not called or failed; otherwise does nothing. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (weights.isPresent()) {
                weights.get().close();
            }
        } finally {
            if (!finished) {
                AtomicFiles.deleteRecursively(temp);
            }
        }
    }

    private void checkOpen() {
        if (finished || closed) {
            throw new IllegalStateException("the package writer for " + target + " is already "
                    + (finished ? "finished" : "closed"));
        }
    }
}
