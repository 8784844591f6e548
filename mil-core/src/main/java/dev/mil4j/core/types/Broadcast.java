package dev.mil4j.core.types;

/**
 * Numpy broadcasting over shapes with symbolic dims. Shapes are aligned at their last dimension; per position:
 * equal dims stay, a known 1 takes the other side, a symbol against a known size {@code n > 1} gives {@code n}
 * (the symbol must be 1 or n at run time), and two different symbols, or two different known sizes neither of
 * which is 1, are an error.
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
        throw new TypeException("shapes " + a + " and " + b + " do not broadcast: " + da + " vs " + db);
    }
}
