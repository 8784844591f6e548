package dev.mil4j.frontend.pytorch.archive;

/**
 * Bounds on what a TorchScript archive may contain, checked before anything is read: the number of entries, the
 * size of one entry and of all entries together, the compression ratio of an entry, and the length of a name.
 *
 * @param maxEntries the most entries the archive may have
 * @param maxEntryBytes the largest uncompressed entry
 * @param maxTotalBytes the largest sum of uncompressed entries
 * @param maxCompressionRatio the largest ratio of uncompressed to compressed size, for entries above 1 MiB
 * @param maxNameLength the longest entry name, in characters
 */
public record ArchiveLimits(int maxEntries, long maxEntryBytes, long maxTotalBytes, int maxCompressionRatio,
        int maxNameLength) {

    /** 100,000 entries, 2 GiB per entry, 64 GiB in all, ratio 200, names of 1024 characters. */
    public static final ArchiveLimits DEFAULT = new ArchiveLimits(100_000, Integer.MAX_VALUE - 8, 64L << 30, 200,
            1024);

    public ArchiveLimits {
        if (maxEntries < 1 || maxEntryBytes < 1 || maxTotalBytes < 1 || maxCompressionRatio < 1
                || maxNameLength < 1) {
            throw new IllegalArgumentException("archive limits must be positive");
        }
        if (maxEntryBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxEntryBytes cannot exceed " + (Integer.MAX_VALUE - 8)
                    + " (one Java array)");
        }
    }
}
