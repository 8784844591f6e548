package dev.mil4j.frontend.pytorch.archive;

import static java.util.Objects.requireNonNull;

import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.diag.Diagnostic;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A TorchScript archive opened for reading: a zip file whose entries all sit under one root folder holding
 * {@code data.pkl} (the module tree), {@code constants.pkl}, {@code data/N} and {@code constants/N} (tensor
 * storages), {@code code/__torch__/**.py} (the TorchScript source) and {@code version}. PyTorch 2.x writes the version
 * as {@code .data/version} and adds {@code .data/serialization_id} (an id of the save) and {@code byteorder}
 * ({@code little} or {@code big}, the byte order of the storages); both layouts are read, and storages written
 * big-endian are refused.
 *
 * <p>Nothing in the file is trusted: the entry count, every entry's name, size and compression ratio are checked
 * against {@link ArchiveLimits} when the archive is opened, and every read is bounded by the declared size. Names are
 * relative to the root folder ({@code data.pkl}, {@code code/__torch__.py}).
 */
public final class TorchArchive implements AutoCloseable {
    /** The hint given when a file is not a TorchScript archive. */
    public static final String SAVE_HINT = "save the model with torch.jit.trace(model, example).save(path) or "
            + "torch.jit.script(model).save(path)";

    /** Storage entries of at least this many bytes are memory-mapped when stored uncompressed. */
    static final long MAP_THRESHOLD = 1 << 20;

    private final Path path;
    private final ZipFile zip;
    private final String root;
    private final Map<String, ZipEntry> entries;
    /** The archive's stored entries, opened when the first large storage is read. */
    private StoredEntries stored;

    private TorchArchive(Path path, ZipFile zip, String root, Map<String, ZipEntry> entries) {
        this.path = path;
        this.zip = zip;
        this.root = root;
        this.entries = entries;
    }

    /** Opens an archive with the default limits. */
    public static TorchArchive open(Path path) {
        return open(path, ArchiveLimits.DEFAULT);
    }

    /**
     * Opens an archive and checks its directory.
     *
     * @throws ConversionException when the file is not a zip file, not a TorchScript archive, or breaks a limit
     */
    public static TorchArchive open(Path path, ArchiveLimits limits) {
        requireNonNull(path, "path is null");
        requireNonNull(limits, "limits is null");
        checkZipMagic(path);
        ZipFile zip;
        try {
            zip = new ZipFile(path.toFile(), StandardCharsets.UTF_8);
        } catch (ZipException e) {
            throw error(path, "is not a TorchScript archive: its zip directory cannot be read (" + e.getMessage()
                    + ")", SAVE_HINT);
        } catch (IOException e) {
            throw new ConversionException(Diagnostic.error("cannot read " + path + ": " + e.getMessage()));
        }
        try {
            return new TorchArchive(path, zip, null, null).index(limits);
        } catch (RuntimeException e) {
            closeQuietly(zip);
            throw e;
        }
    }

    private TorchArchive index(ArchiveLimits limits) {
        if (zip.size() > limits.maxEntries()) {
            throw error(path, "has " + zip.size() + " entries, more than the limit of " + limits.maxEntries(), "");
        }
        Map<String, ZipEntry> byName = new LinkedHashMap<>();
        String rootFolder = null;
        long total = 0;
        Enumeration<? extends ZipEntry> all = zip.entries();
        while (all.hasMoreElements()) {
            ZipEntry e = all.nextElement();
            String name = e.getName();
            checkName(name, limits);
            int slash = name.indexOf('/');
            if (slash <= 0) {
                throw error(path, "is not a TorchScript archive: entry '" + name + "' is not inside a root folder",
                        SAVE_HINT);
            }
            String first = name.substring(0, slash);
            if (rootFolder == null) {
                rootFolder = first;
            } else if (!rootFolder.equals(first)) {
                throw error(path, "is not a TorchScript archive: entries sit under two root folders, '" + rootFolder
                        + "' and '" + first + "'", SAVE_HINT);
            }
            if (e.isDirectory()) {
                continue;
            }
            long size = e.getSize();
            if (size > limits.maxEntryBytes()) {
                throw error(path, "entry '" + name + "' declares " + size + " bytes, more than the limit of "
                        + limits.maxEntryBytes(), "");
            }
            long compressed = e.getCompressedSize();
            if (size > (1L << 20) && compressed > 0 && size / compressed > limits.maxCompressionRatio()) {
                throw error(path, "entry '" + name + "' expands " + (size / compressed) + " times ("
                        + compressed + " to " + size + " bytes), more than the limit of "
                        + limits.maxCompressionRatio(), "");
            }
            total += Math.max(size, 0);
            if (total > limits.maxTotalBytes()) {
                throw error(path, "entries hold more than the limit of " + limits.maxTotalBytes() + " bytes", "");
            }
            if (byName.put(name.substring(slash + 1), e) != null) {
                throw error(path, "has two entries named '" + name + "'", "");
            }
        }
        if (rootFolder == null || !byName.containsKey("data.pkl")) {
            throw error(path, "is a zip file but not a TorchScript archive: it has no data.pkl under a root folder",
                    SAVE_HINT);
        }
        ZipEntry order = byName.get("byteorder");
        if (order != null) {
            checkByteOrder(order);
        }
        if (codeFiles(byName).isEmpty()) {
            throw error(path, "is not a TorchScript archive: it has data.pkl but no code/__torch__ sources (a "
                    + "torch.save of tensors or a state_dict holds weights without the code to run them)",
                    SAVE_HINT);
        }
        return new TorchArchive(path, zip, rootFolder, byName);
    }

    /** The {@code byteorder} entry of a PyTorch 2.x archive must say {@code little}. */
    private void checkByteOrder(ZipEntry entry) {
        String order;
        try (InputStream in = zip.getInputStream(entry)) {
            order = new String(in.readNBytes(16), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw error(path, "entry '" + entry.getName() + "' cannot be read: " + e.getMessage(), "");
        }
        if (order.equals("big")) {
            throw error(path, "was saved on a big-endian machine (its byteorder entry says 'big'); mil4j reads the "
                    + "tensors of little-endian archives only", "load and save the model again on a little-endian "
                    + "machine (x86-64 or ARM)");
        }
        if (!order.equals("little")) {
            throw error(path, "has a byteorder entry that says '" + order + "', neither 'little' nor 'big'", "");
        }
    }

    private void checkName(String name, ArchiveLimits limits) {
        if (name.length() > limits.maxNameLength()) {
            throw error(path, "has an entry name of " + name.length() + " characters, more than the limit of "
                    + limits.maxNameLength(), "");
        }
        if (name.startsWith("/") || name.contains("\\") || name.indexOf('\0') >= 0 || name.contains("//")) {
            throw error(path, "has an unsafe entry name '" + name + "'", "");
        }
        for (String part : name.split("/")) {
            if (part.equals("..") || part.equals(".")) {
                throw error(path, "has an unsafe entry name '" + name + "'", "");
            }
        }
    }

    private static void checkZipMagic(Path path) {
        if (Files.exists(path) && !Files.isRegularFile(path)) {
            // a pipe would block the read below, and zip reading needs a file it can seek in
            throw error(path, "is not a TorchScript archive: it is not a regular file (a directory, device or pipe)",
                    SAVE_HINT);
        }
        byte[] head = new byte[4];
        int n;
        try (InputStream in = Files.newInputStream(path)) {
            n = in.readNBytes(head, 0, 4);
        } catch (IOException e) {
            throw new ConversionException(Diagnostic.error("cannot read " + path + ": " + e.getMessage()));
        }
        if (n < 4 || head[0] != 'P' || head[1] != 'K' || head[2] != 3 || head[3] != 4) {
            throw error(path, "is not a TorchScript archive: it is not a zip file", SAVE_HINT);
        }
    }

    private static List<String> codeFiles(Map<String, ZipEntry> byName) {
        List<String> out = new ArrayList<>();
        for (String n : byName.keySet()) {
            if (n.startsWith("code/__torch__") && n.endsWith(".py")) {
                out.add(n);
            }
        }
        return out;
    }

    /** The file this archive was read from. */
    public Path path() {
        return path;
    }

    /** The root folder every entry sits under (the name the model was saved with). */
    public String root() {
        return root;
    }

    /** The entry names, relative to the root folder, in archive order. */
    public List<String> entryNames() {
        return List.copyOf(entries.keySet());
    }

    public boolean has(String name) {
        return entries.containsKey(name);
    }

    /** The TorchScript source files ({@code code/__torch__.py}, {@code code/__torch__/**.py}). */
    public List<String> codeFiles() {
        return codeFiles(entries);
    }

    /** An id of the save ({@code .data/serialization_id}, PyTorch 2.1 and later), if present. */
    public Optional<String> serializationId() {
        return has(".data/serialization_id") ? Optional.of(readText(".data/serialization_id").trim())
                : Optional.empty();
    }

    /** The archive format version ({@code version}, or PyTorch 2.x's {@code .data/version}), if present. */
    public Optional<Integer> version() {
        for (String n : List.of("version", ".data/version")) {
            if (has(n)) {
                String text = new String(read(n), StandardCharsets.UTF_8).trim();
                try {
                    return Optional.of(Integer.parseInt(text));
                } catch (NumberFormatException e) {
                    throw error(path, "entry '" + n + "' is not a version number: '" + text + "'", "");
                }
            }
        }
        return Optional.empty();
    }

    /** A UTF-8 text entry. */
    public String readText(String name) {
        return new String(read(name), StandardCharsets.UTF_8);
    }

    /**
     * The bytes of an entry, read no further than its declared size.
     *
     * @throws ConversionException when the entry is missing or its data does not match its declared size
     */
    public byte[] read(String name) {
        ZipEntry e = entries.get(name);
        if (e == null) {
            throw error(path, "has no entry '" + root + "/" + name + "'", "");
        }
        long declared = e.getSize();
        int cap = declared >= 0 ? (int) declared : Integer.MAX_VALUE - 8;
        try (InputStream in = zip.getInputStream(e)) {
            byte[] data = in.readNBytes(cap);
            if (declared >= 0 && (data.length != declared || in.read() != -1)) {
                throw error(path, "entry '" + e.getName() + "' does not hold the " + declared
                        + " bytes its header declares", "");
            }
            return data;
        } catch (ZipException ex) {
            throw error(path, "entry '" + e.getName() + "' is corrupt: " + ex.getMessage(), "");
        } catch (IOException ex) {
            throw new ConversionException(Diagnostic.error("cannot read entry '" + e.getName() + "' of " + path
                    + ": " + ex.getMessage()));
        }
    }

    /** The uncompressed size an entry declares, or -1 when unknown. */
    public long declaredSize(String name) {
        ZipEntry e = entries.get(name);
        return e == null ? -1 : e.getSize();
    }

    /**
     * Unpickles an entry ({@code data.pkl}, {@code constants.pkl}) whose persistent ids name storages in
     * {@code storageFolder} ({@code data}, {@code constants}). Each storage is read once, after checking that its
     * entry holds the elements the pickle declares.
     *
     * @throws ConversionException when the pickle is malformed, asks for a global that is not allowed, or names a
     *         missing or truncated storage
     */
    public Object unpickle(String name, String storageFolder) {
        Map<String, TorchStorage> storages = new LinkedHashMap<>();
        try {
            return Unpickler.load(read(name), name, pid -> storage(pid, storageFolder, storages));
        } catch (PickleException e) {
            throw error(path, "cannot be read: " + e.getMessage(), "");
        }
    }

    private TorchStorage storage(PyTuple pid, String folder, Map<String, TorchStorage> cache) {
        if (pid.size() != 5 || !"storage".equals(pid.get(0))
                || !(pid.get(1) instanceof PickleGlobal.StorageClass type) || !(pid.get(2) instanceof String key)
                || !(pid.get(4) instanceof Long numel)) {
            throw new PickleException("has a persistent id " + pid + " that is not ('storage', torch.<Type>Storage, "
                    + "key, location, numel)");
        }
        TorchStorage known = cache.get(key);
        if (known != null) {
            if (known.dtype() != type.dtype()) {
                throw new PickleException("uses storage " + folder + "/" + key + " as both " + known.dtype() + " and "
                        + type.dtype());
            }
            return known;
        }
        if (key.isEmpty() || !key.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_')) {
            throw new PickleException("names a storage with an unsafe key '" + key + "'");
        }
        String entry = folder + "/" + key;
        if (!has(entry)) {
            throw new PickleException("names storage " + entry + ", which the archive does not have");
        }
        long needed;
        try {
            needed = Math.multiplyExact(numel, (long) type.dtype().byteSize());
        } catch (ArithmeticException e) {
            throw new PickleException("declares a storage of " + numel + " elements, which overflows");
        }
        long declared = declaredSize(entry);
        if (numel < 0 || (declared >= 0 && declared < needed)) {
            throw new PickleException("declares storage " + entry + " of " + numel + " " + type.dtype()
                    + " elements (" + needed + " bytes), but the entry holds only " + declared + " bytes; the "
                    + "archive is truncated or corrupt");
        }
        java.nio.ByteBuffer bytes = mapped(entry).orElseGet(() -> java.nio.ByteBuffer.wrap(read(entry)));
        if (bytes.remaining() < needed) {
            throw new PickleException("declares storage " + entry + " of " + needed + " bytes, but the entry holds "
                    + "only " + bytes.remaining() + " bytes; the archive is truncated or corrupt");
        }
        TorchStorage s = new TorchStorage(entry, type.dtype(), numel, bytes);
        cache.put(key, s);
        return s;
    }

    /**
     * A large storage entry stored uncompressed (as {@code torch.save} writes them) as a mapping of the archive file
     * rather than a heap copy ({@link StoredEntries}); empty for small or compressed entries.
     */
    private Optional<java.nio.ByteBuffer> mapped(String name) {
        if (declaredSize(name) < MAP_THRESHOLD) {
            return Optional.empty();
        }
        try {
            if (stored == null) {
                stored = StoredEntries.open(path);
            }
            return stored.map(entries.get(name).getName());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static ConversionException error(Path path, String what, String hint) {
        Diagnostic d = Diagnostic.error(path + " " + what);
        return new ConversionException(hint.isEmpty() ? d : d.withHint(hint));
    }

    @Override
    public void close() {
        closeQuietly(zip);
        if (stored != null) {
            try {
                stored.close();
            } catch (IOException ignored) {
                // read-only: nothing is lost; mappings stay valid
            }
        }
    }

    private static void closeQuietly(ZipFile z) {
        try {
            z.close();
        } catch (IOException ignored) {
            // nothing was written; a failed close leaks no data
        }
    }
}
