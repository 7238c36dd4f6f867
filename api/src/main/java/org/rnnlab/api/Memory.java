package org.rnnlab.api;

import java.util.Locale;

/**
 * Size checks done before allocating, with long arithmetic: an array length that would overflow, or a request larger
 * than the heap, fails with a {@link MemoryLimitException} that says how much was needed and how much there is —
 * never a {@code NegativeArraySizeException} or an {@code OutOfMemoryError} halfway through.
 */
public final class Memory {
    /** The most elements a Java array holds on HotSpot. */
    public static final long MAX_ARRAY = Integer.MAX_VALUE - 8;
    /** Requests below this size are not checked against the heap (the check would cost more than it saves). */
    static final long CHECKED_FROM = 16L << 20;

    private Memory() {
    }

    /**
     * The length of an array of {@code dims[0] × dims[1] × …} elements.
     *
     * @param what names the array in the message, e.g. {@code "the input projection [T·N, 4H]"}
     * @throws MemoryLimitException when the product exceeds {@link #MAX_ARRAY} (or a dimension is negative)
     */
    public static int arrayLength(String what, long... dims) {
        long n = 1;
        StringBuilder product = new StringBuilder();
        boolean overflow = false;
        for (long d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException(what + ": negative size " + d);
            }
            product.append(product.length() == 0 ? "" : " × ").append(d);
            if (!overflow) {
                try {
                    n = Math.multiplyExact(n, d);
                } catch (ArithmeticException e) {
                    overflow = true;
                }
            }
        }
        if (overflow || n > MAX_ARRAY) {
            throw new MemoryLimitException(what + " needs " + product + (overflow ? "" : " = " + n) + " values, more than the "
                    + MAX_ARRAY + " a Java array holds; make the request smaller");
        }
        return (int) n;
    }

    /**
     * Checks that the heap can give {@code bytes} more, collecting garbage once before refusing (as the JDK does before
     * refusing direct memory).
     *
     * @param what names the request, and what would make it smaller, e.g. {@code "LSTM N 32 H 1024 T 100000: the tape"}
     * @throws MemoryLimitException when it cannot
     */
    public static void require(String what, long bytes) {
        if (bytes < CHECKED_FROM) {
            return;
        }
        Runtime rt = Runtime.getRuntime();
        long max = rt.maxMemory();
        if (bytes <= free(rt)) {
            return;
        }
        if (bytes <= max) {
            System.gc();
            if (bytes <= free(rt)) {
                return;
            }
        }
        long suggest = Math.max(1, (long) Math.ceil((max + bytes) * 1.25 / (1L << 30)));
        throw new MemoryLimitException(what + " needs " + human(bytes) + ", but the Java heap has " + human(free(rt)) + " free of "
                + human(max) + " at most. Give the JVM more heap (for ./rnnlab: RNNLAB_JAVA_OPTS=-Xmx" + suggest + "g; for java: -Xmx"
                + suggest + "g), or make the request smaller");
    }

    private static long free(Runtime rt) {
        long max = rt.maxMemory();
        return max == Long.MAX_VALUE ? Long.MAX_VALUE : max - (rt.totalMemory() - rt.freeMemory());
    }

    /** Bytes as people read them: {@code 6.1 GiB}. */
    public static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
