package org.rnnlab.experiments.sweep.plan;

/** Which way a sweep's cell reads the sequence. */
public enum Direction {
    /** Left to right only. */
    FORWARD(""),
    /** Both ways, the two outputs concatenated (written {@code bi-lstm} in a sweep file). */
    BIDIRECTIONAL("bi-");

    private final String prefix;

    Direction(String prefix) {
        this.prefix = prefix;
    }

    /** The prefix of the cell's name in a sweep file: {@code ""} or {@code "bi-"}. */
    public String prefix() {
        return prefix;
    }
}
