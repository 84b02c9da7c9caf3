package org.dqmstream.model;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

/** A SHA-256 of the data a model was trained on, recorded in its bundle so the training can be traced. */
public final class DataFingerprint {
    private DataFingerprint() {
    }

    /** The hex digest of whatever {@code content} feeds the digest. */
    public static String of(Consumer<MessageDigest> content) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            content.accept(sha);
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Of images (or any rows of numbers), in order. */
    public static String ofRows(List<float[]> rows) {
        return of(sha -> rows.forEach(r -> {
            ByteBuffer bytes = ByteBuffer.allocate(4 * r.length);
            bytes.asFloatBuffer().put(r);
            sha.update(bytes);
        }));
    }
}
