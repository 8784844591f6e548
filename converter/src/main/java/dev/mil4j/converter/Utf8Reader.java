package dev.mil4j.converter;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Decodes UTF-8 from a stream through a 64 KiB byte buffer and reports bytes that are not UTF-8 as a
 * {@link java.nio.charset.MalformedInputException}, but only after every char before them has been returned, so a
 * reader of the text knows exactly where the bad bytes are ({@code InputStreamReader} drops the chars it decoded in
 * the same call).
 */
final class Utf8Reader extends Reader {
    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(1 << 16).flip();
    private boolean endOfBytes;
    private boolean flushed;
    private CoderResult pendingError;

    Utf8Reader(InputStream in) {
        this.in = requireNonNull(in, "in is null");
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, cbuf.length);
        if (len == 0) {
            return 0;
        }
        if (pendingError != null) {
            pendingError.throwException();
        }
        CharBuffer out = CharBuffer.wrap(cbuf, off, len);
        while (out.hasRemaining()) {
            if (endOfBytes && flushed) {
                break;
            }
            CoderResult r = decoder.decode(bytes, out, endOfBytes);
            if (r.isError()) {
                if (out.position() > off) {
                    pendingError = r;
                    break;
                }
                r.throwException();
            }
            if (r.isOverflow()) {
                break;
            }
            if (endOfBytes) {
                if (decoder.flush(out).isOverflow()) {
                    break;
                }
                flushed = true;
            } else if (out.position() > off) {
                break;
            } else {
                readBytes();
            }
        }
        int n = out.position() - off;
        return n == 0 && flushed ? -1 : n;
    }

    private void readBytes() throws IOException {
        bytes.compact();
        int n = in.read(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
        if (n < 0) {
            endOfBytes = true;
        } else {
            bytes.position(bytes.position() + n);
        }
        bytes.flip();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
