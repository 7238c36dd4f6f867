package org.rnnlab.experiments.data;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of the data a task read, decoded (the same images or text give the same digest gzipped or not): it goes into
 * every point's fingerprint, so results of a changed file are never taken for results of the old one.
 */
public final class DataDigest {
    private final MessageDigest md;

    /** An empty digest. */
    public DataDigest() {
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Adds bytes (with their count, so that two parts cannot run into each other). */
    public DataDigest add(byte[] b) {
        addLength(b.length);
        md.update(b);
        return this;
    }

    /** Adds integers. */
    public DataDigest add(int[] v) {
        addLength(v.length);
        ByteBuffer buf = ByteBuffer.allocate(4 * Math.min(v.length, 1 << 14));
        for (int i = 0; i < v.length; i++) {
            if (!buf.hasRemaining()) {
                md.update(buf.flip());
                buf.clear();
            }
            buf.putInt(v[i]);
        }
        md.update(buf.flip());
        return this;
    }

    /** Adds numbers (their IEEE bits). */
    public DataDigest add(double[][] rows) {
        addLength(rows.length);
        for (double[] r : rows) {
            ByteBuffer buf = ByteBuffer.allocate(4 + 8 * r.length).putInt(r.length);
            for (double d : r) {
                buf.putLong(Double.doubleToLongBits(d));
            }
            md.update(buf.flip());
        }
        return this;
    }

    /** Adds text (UTF-8). */
    public DataDigest add(String s) {
        return add(s.getBytes(StandardCharsets.UTF_8));
    }

    private void addLength(long n) {
        md.update(ByteBuffer.allocate(8).putLong(n).flip());
    }

    /** The first 16 bytes, hex. */
    public String hex() {
        return HexFormat.of().formatHex(md.digest(), 0, 16);
    }
}
