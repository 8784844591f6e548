package dev.mil4j.frontend.pytorch.archive;

/** Python's {@code None} in unpickled values (mil4j passes no {@code null} across its APIs). */
public enum PyNone {
    NONE;

    @Override
    public String toString() {
        return "None";
    }
}
