package dev.mil4j.frontend.pytorch.archive;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Writes pickle opcodes by hand, for tests of the unpickler's limits. */
final class PickleWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static PickleWriter protocol(int p) {
        PickleWriter w = new PickleWriter();
        return w.op(0x80).raw(p);
    }

    PickleWriter op(int opcode) {
        out.write(opcode);
        return this;
    }

    PickleWriter raw(int... bytes) {
        for (int b : bytes) {
            out.write(b);
        }
        return this;
    }

    PickleWriter global(String module, String name) {
        op('c');
        out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
        return this;
    }

    PickleWriter string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        op('X').raw(b.length & 0xff, (b.length >> 8) & 0xff, (b.length >> 16) & 0xff, b.length >>> 24);
        out.writeBytes(b);
        return this;
    }

    PickleWriter integer(int v) {
        return op('J').raw(v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >>> 24);
    }

    PickleWriter mark() {
        return op('(');
    }

    PickleWriter tuple() {
        return op('t');
    }

    PickleWriter emptyTuple() {
        return op(')');
    }

    PickleWriter reduce() {
        return op('R');
    }

    PickleWriter stop() {
        return op('.');
    }

    byte[] bytes() {
        return out.toByteArray();
    }
}
