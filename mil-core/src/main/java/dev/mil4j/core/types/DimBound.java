package dev.mil4j.core.types;

/**
 * The sizes a symbolic input dimension may take at run time: from {@code lower} to {@code upper} inclusive, or
 * without an upper bound ({@link #UNBOUNDED}). Written {@code 1..512} (or {@code 1..} for no upper bound), in the
 * command line's input types and in a MIL function's {@code where} clause. A function keeps the ranges of its inputs'
 * symbols ({@code Function.dimBound}); backends write them as the model's flexible shape ranges.
 */
public record DimBound(long lower, long upper) {
    public static final long UNBOUNDED = -1;

    public DimBound {
        if (lower < 1) {
            throw new IllegalArgumentException("a dimension range starts at 1 or more, got " + lower);
        }
        if (upper != UNBOUNDED && upper < lower) {
            throw new IllegalArgumentException("the range " + lower + ".." + upper + " is empty");
        }
    }

    /**
     * Parses {@code LO..HI} or {@code LO..}.
     *
     * @throws IllegalArgumentException with the expected form when the text is not a range
     */
    public static DimBound parse(String text) {
        int dots = text.indexOf("..");
        if (dots <= 0) {
            throw new IllegalArgumentException("bad range '" + text + "': write LO..HI, e.g. 1..512, or LO.. for no "
                    + "upper bound");
        }
        try {
            long lo = Long.parseLong(text.substring(0, dots));
            String hi = text.substring(dots + 2);
            return new DimBound(lo, hi.isEmpty() ? UNBOUNDED : Long.parseLong(hi));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad range '" + text + "': write LO..HI, e.g. 1..512", e);
        }
    }

    public boolean isBounded() {
        return upper != UNBOUNDED;
    }

    @Override
    public String toString() {
        return lower + ".." + (isBounded() ? Long.toString(upper) : "");
    }
}
