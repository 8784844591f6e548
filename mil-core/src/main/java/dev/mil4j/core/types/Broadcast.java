package dev.mil4j.core.types;

/**
 * Numpy broadcasting over shapes with symbolic dims. Shapes are aligned at their last dimension; per position:
 * equal dims stay, a known 1 takes the other side, a symbol against a known size {@code n > 1} gives {@code n}
 * (the symbol must be 1 or n at run time), two different symbols give a symbol derived from both (they must be
 * equal, or one of them 1, at run time, as in numpy: sizes the data decides often are equal without the converter
 * knowing, such as two concatenations of the same per-class counts; coremltools mints a new symbol there too), and two
 * different known sizes neither of which is 1 are an error.
 */
public final class Broadcast {
    private Broadcast() {
    }

    public static Shape shapes(Shape a, Shape b) {
        if (a.equals(b)) {
            return a;
        }
        int rank = Math.max(a.rank(), b.rank());
        Dim[] out = new Dim[rank];
        for (int i = 0; i < rank; i++) {
            int ia = a.rank() - rank + i;
            int ib = b.rank() - rank + i;
            Dim da = ia >= 0 ? a.dim(ia) : null;
            Dim db = ib >= 0 ? b.dim(ib) : null;
            out[i] = da == null ? db : db == null ? da : dim(da, db, a, b);
        }
        return Shape.of(out);
    }

    /** Broadcasts a tensor type's shape with another's, keeping the first dtype. */
    public static TensorType types(TensorType a, TensorType b) {
        return a.withShape(shapes(a.shape(), b.shape()));
    }

    private static Dim dim(Dim da, Dim db, Shape a, Shape b) {
        if (da.equals(db)) {
            return da;
        }
        if (da.isKnown() && da.size() == 1) {
            return db;
        }
        if (db.isKnown() && db.size() == 1) {
            return da;
        }
        if (!da.isKnown() && db.isKnown()) {
            return db;
        }
        if (da.isKnown() && !db.isKnown()) {
            return da;
        }
        if (!da.isKnown() && !db.isKnown()) {
            return symbolOf(da, db);
        }
        throw new TypeException("shapes " + a + " and " + b + " do not broadcast: " + da + " vs " + db);
    }

    // the same two symbols, in either order, give the same symbol
    private static Dim symbolOf(Dim da, Dim db) {
        String x = da.toString();
        String y = db.toString();
        String name = "bcast_" + (x.compareTo(y) < 0 ? x + "_" + y : y + "_" + x);
        return Dim.symbol(name.length() <= 48 ? name
                : "bcast_" + String.format(java.util.Locale.ROOT, "%08x", name.hashCode()));
    }
}
