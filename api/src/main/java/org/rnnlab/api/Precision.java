package org.rnnlab.api;

/**
 * Floating-point precision of a cell's parameters, activations and gradients.
 *
 * <p>{@link #FLOAT32} is the speed setting (PyTorch's default dtype); {@link #FLOAT64} is the
 * research setting, used for exact experiments and finite-difference gradient checks.
 */
public enum Precision {
    /** IEEE 754 binary32, stored as {@code float[]}. */
    FLOAT32,
    /** IEEE 754 binary64, stored as {@code double[]}. */
    FLOAT64;

    /** Bytes per value: 4 or 8. */
    public int bytes() {
        return this == FLOAT32 ? Float.BYTES : Double.BYTES;
    }

    /** The lower-case name used in configuration files, for example {@code float32}. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Parses {@code float32}/{@code float64} (case-insensitive; {@code f32}, {@code f64} also accepted).
     *
     * @throws IllegalArgumentException naming the bad value and the allowed ones
     */
    public static Precision parse(String text) {
        if (text != null) {
            switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "float32": case "f32": case "float": return FLOAT32;
                case "float64": case "f64": case "double": return FLOAT64;
                default: break;
            }
        }
        throw new IllegalArgumentException("unknown precision '" + text + "'; known: float32, float64");
    }
}
