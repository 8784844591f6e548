package dev.mil4j.spec;

import static java.util.Objects.requireNonNull;

import dev.mil4j.spec.blob.BlobFile;
import dev.mil4j.spec.proto.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * An {@code .mlpackage} directory, read: its {@link Manifest}, the root {@link Model} (usually an ML Program) and
 * access to its weight blob files. Layout:
 * <pre>
 * NAME.mlpackage/
 *   Manifest.json
 *   Data/com.apple.CoreML/model.mlmodel
 *   Data/com.apple.CoreML/weights/weight.bin
 * </pre>
 * Write packages with {@link MlPackageWriter}.
 */
public final class MlPackage {
    /** The manifest's file name in the package directory. */
    public static final String MANIFEST_FILE = "Manifest.json";
    /** The directory that manifest item paths are relative to. */
    public static final String DATA_DIRECTORY = "Data";
    /** The prefix of MIL {@code BlobFileValue} file names: the directory holding the model specification. */
    public static final String MODEL_PATH_PREFIX = "@model_path/";

    private final Path root;
    private final Manifest manifest;
    private final Path modelFile;
    private final Model model;

    private MlPackage(Path root, Manifest manifest, Path modelFile, Model model) {
        this.root = root;
        this.manifest = manifest;
        this.modelFile = modelFile;
        this.model = model;
    }

    /**
     * Reads a package's manifest and root model specification.
     *
     * @param directory the {@code .mlpackage} directory
     * @return the package
     * @throws ModelFormatException if the manifest or the model is malformed or missing
     * @throws IOException if a file cannot be read
     */
    public static MlPackage read(Path directory) throws IOException {
        requireNonNull(directory, "directory is null");
        if (!Files.isDirectory(directory)) {
            throw new ModelFormatException(directory, Files.exists(directory)
                    ? "is a file, not an .mlpackage directory; read a .mlmodel file with ModelFiles.readModel"
                    : "does not exist");
        }
        Path manifestFile = directory.resolve(MANIFEST_FILE);
        if (!Files.isRegularFile(manifestFile)) {
            throw new ModelFormatException(directory, "has no " + MANIFEST_FILE + "; it is not an .mlpackage");
        }
        Manifest manifest = Manifest.read(manifestFile);
        Path modelFile = PackagePaths.resolveInside(directory.resolve(DATA_DIRECTORY), manifest.rootModel().path(),
                manifestFile, "the root model");
        if (!Files.isRegularFile(modelFile)) {
            throw new ModelFormatException(manifestFile, "the root model " + manifest.rootModel().path()
                    + " does not exist in the package (expected at " + modelFile + ")");
        }
        return new MlPackage(directory, manifest, modelFile, ModelFiles.readModel(modelFile));
    }

    /** @return the package directory */
    public Path root() {
        return root;
    }

    /** @return the manifest */
    public Manifest manifest() {
        return manifest;
    }

    /** @return the root model's specification file */
    public Path modelFile() {
        return modelFile;
    }

    /** @return the root model */
    public Model model() {
        return model;
    }

    /**
     * @return the weights directory named by the manifest, if the manifest names one and it exists (a package
     *     without weights may list the directory but lack it)
     * @throws ModelFormatException if the manifest's weights path is malformed
     */
    public Optional<Path> weightsDirectory() throws ModelFormatException {
        Optional<Manifest.ItemInfo> item = manifest.itemWithDescription(Manifest.WEIGHTS_DESCRIPTION);
        if (item.isEmpty()) {
            return Optional.empty();
        }
        Path dir = PackagePaths.resolveInside(root.resolve(DATA_DIRECTORY), item.get().path(),
                root.resolve(MANIFEST_FILE), "the weights directory");
        return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
    }

    /**
     * Resolves the file name of a MIL {@code BlobFileValue}, such as {@code @model_path/weights/weight.bin}, to a
     * file of this package.
     *
     * @param milFileName the {@code fileName} of the {@code BlobFileValue}
     * @return the file, inside the package
     * @throws ModelFormatException if the name does not start with {@value #MODEL_PATH_PREFIX} or leaves the package
     */
    public Path resolveBlobFile(String milFileName) throws ModelFormatException {
        requireNonNull(milFileName, "milFileName is null");
        if (!milFileName.startsWith(MODEL_PATH_PREFIX)) {
            throw new ModelFormatException(modelFile, "the weight file name \"" + milFileName
                    + "\" must start with " + MODEL_PATH_PREFIX);
        }
        return PackagePaths.resolveInside(modelFile.getParent(), milFileName.substring(MODEL_PATH_PREFIX.length()),
                modelFile, "a weight file");
    }

    /**
     * Opens the weight blob file a MIL {@code BlobFileValue} names.
     *
     * @param milFileName the {@code fileName} of the {@code BlobFileValue}
     * @return the open blob file; close it when done
     * @throws IOException if the name is malformed or the file missing or malformed
     */
    public BlobFile openBlobFile(String milFileName) throws IOException {
        Path file = resolveBlobFile(milFileName);
        if (!Files.isRegularFile(file)) {
            throw new ModelFormatException(modelFile, "refers to the weight file \"" + milFileName
                    + "\", which does not exist in the package (expected at " + file + ")");
        }
        return BlobFile.open(file);
    }
}
