package org.rnnlab.optimizers;

/** What to do when a gradient holds NaN or ±∞. */
public enum NonFinitePolicy {
    /** Stop with an error naming the parameter, the element and the step (the default). */
    FAIL,
    /** Skip this optimizer step (the parameters stay as they are) and count it. */
    SKIP_STEP,
    /** Zero every gradient tensor that holds a non-finite value, take the step, and count it. */
    ZERO;

    /** Parses {@code fail}, {@code skip} / {@code skip_step}, {@code zero}; the error lists them. */
    public static NonFinitePolicy parse(String text) {
        switch (text == null ? "" : text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "fail": return FAIL;
            case "skip": case "skip_step": return SKIP_STEP;
            case "zero": return ZERO;
            default: throw new IllegalArgumentException("unknown non-finite gradient policy '" + text + "'; known: fail, skip, zero");
        }
    }
}
