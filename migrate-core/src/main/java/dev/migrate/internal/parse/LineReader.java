package dev.migrate.internal.parse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Splits a UTF-8 byte stream into lines the way Go's {@code bufio.ScanLines} does: only
 * {@code \n} ends a line, one {@code \r} right before it (or before the end of the input) is
 * dropped, a lone {@code \r} elsewhere stays in the text, and a last line without {@code \n}
 * still counts. Holds one read buffer and at most the current line.
 */
final class LineReader {

    /**
     * One read's worth. Small: a reader is made per file, and in a fresh JVM every new 64 KiB
     * buffer touched fresh heap (page faults), which made parsing 2,000 small files cost several
     * times what their bytes do (docs/benchmarks.md, "W2 at 2,000 migrations").
     */
    private static final int BUFFER_BYTES = 8 << 10;

    private final InputStream in;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int position;
    private int limit;

    /** The current line's bytes when it spans more than one read of the buffer. */
    private byte[] carried = new byte[256];

    private int carriedLength;

    LineReader(InputStream in) {
        this.in = in;
    }

    /**
     * The next line without its terminator, or null at the end of the input.
     *
     * @throws CharacterCodingException if the line is not valid UTF-8
     */
    @Nullable
    String next() throws IOException {
        carriedLength = 0;
        boolean sawBytes = false;
        while (true) {
            if (position == limit && !fill()) {
                return sawBytes ? decode(carried, 0, carriedLength) : null;
            }
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            boolean ended = position < limit;
            if (ended && !sawBytes) {
                // Common case: the whole line is inside the buffer.
                return decode(buffer, start, position++ - start);
            }
            carry(start, position - start);
            sawBytes = true;
            if (ended) {
                position++;
                return decode(carried, 0, carriedLength);
            }
        }
    }

    private boolean fill() throws IOException {
        int read;
        do {
            read = in.read(buffer);
        } while (read == 0);
        if (read < 0) {
            return false;
        }
        position = 0;
        limit = read;
        return true;
    }

    private void carry(int start, int length) {
        if (carriedLength + length > carried.length) {
            carried = Arrays.copyOf(carried, Math.max(carried.length * 2, carriedLength + length));
        }
        System.arraycopy(buffer, start, carried, carriedLength, length);
        carriedLength += length;
    }

    private static String decode(byte[] bytes, int offset, int length) throws CharacterCodingException {
        if (length > 0 && bytes[offset + length - 1] == '\r') {
            length--;
        }
        String line = new String(bytes, offset, length, StandardCharsets.UTF_8);
        if (line.indexOf('\uFFFD') >= 0) {
            // Either a real U+FFFD in the file or a replaced malformed sequence: decode strictly.
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, length));
        }
        return line;
    }
}
