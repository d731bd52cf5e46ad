package dev.migrate.internal.checksum;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 as the engine uses it: a migration's checksum is the lower-case hex digest of the file's
 * bytes, taken while they stream; a default lock key starts from the digest of a UTF-8 text.
 */
public final class Sha256 {

    private Sha256() {}

    /** A stream that digests the bytes read through it; {@link #hex(DigestInputStream)} gives the checksum. */
    public static DigestInputStream digesting(InputStream in) {
        return new DigestInputStream(in, newDigest());
    }

    /** The checksum of what was read through {@code in} so far (and resets its digest). */
    public static String hex(DigestInputStream in) {
        return HexFormat.of().formatHex(in.getMessageDigest().digest());
    }

    /** The checksum of a whole stream, read to its end (not closed). */
    public static String of(InputStream in) throws IOException {
        DigestInputStream digesting = digesting(in);
        digesting.transferTo(OutputStream.nullOutputStream());
        return hex(digesting);
    }

    /** The digest of a text's UTF-8 bytes. */
    public static byte[] of(String text) {
        return newDigest().digest(text.getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
