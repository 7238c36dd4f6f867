package org.rnnlab.experiments.sweep.plan;

import java.io.Serializable;

/**
 * One training run of a sweep: a series at one length, with the fingerprint of everything that can change its result.
 * Made only by {@link SweepPlan#point}.
 *
 * @param series      the series
 * @param length      the task length (lag) T
 * @param fingerprint SHA-256 (hex, 32 digits) of the resolved point and every shared setting that reaches it
 */
public record Point(Series series, int length, String fingerprint) implements Serializable {

    /** Validates. */
    public Point {
        if (series == null || length < 1 || fingerprint == null || !fingerprint.matches("[0-9a-f]{32}")) {
            throw new IllegalArgumentException("a point needs a series, a length >= 1 and a fingerprint");
        }
    }

    /** The readable key: the series' key and the length. */
    public String id() {
        return series.key() + "|T=" + length;
    }
}
