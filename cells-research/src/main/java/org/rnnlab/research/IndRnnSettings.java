package org.rnnlab.research;

import java.util.Set;
import org.rnnlab.api.CellSettings;

/**
 * IndRNN's settings ({@link IndRnnF64}): the bound |u| ≤ γ^{1/T} on the recurrent weights (Li et al. 2018, §3.1), so that
 * a gradient grows by at most γ over T steps through an active unit. The defaults, in {@link #defaults()} only, are those
 * of the authors' adding-problem script (Sunnydreamrain/IndRNN_Theano_Lasagne {@code adding/adding.py}: {@code MAG} 2,
 * {@code seq_len} 500); set {@code length} to the sequence length of the task at hand.
 *
 * @param magnitude γ ≥ 1, the largest factor by which the gradient through one unit may grow over {@code length} steps
 * @param length    T, the number of steps the bound is made for, in [1, 10⁹]
 */
record IndRnnSettings(double magnitude, long length) {
    /** The kind's name. */
    static final String KIND = "indrnn";
    /** The settings' names. */
    static final Set<String> NAMES = Set.of("magnitude", "length");

    private static final double DEFAULT_MAGNITUDE = 2;
    private static final long DEFAULT_LENGTH = 500;
    private static final long MAX_LENGTH = 1_000_000_000L;

    /** Validates the ranges; messages name the setting, the value and the default. */
    IndRnnSettings {
        SettingChecks.atLeast(KIND, "magnitude", magnitude, 1, DEFAULT_MAGNITUDE);
        SettingChecks.wholeNumber(KIND, "length", length, 1, MAX_LENGTH, DEFAULT_LENGTH);
    }

    /** γ 2, T 500. */
    static IndRnnSettings defaults() {
        return new IndRnnSettings(DEFAULT_MAGNITUDE, DEFAULT_LENGTH);
    }

    /** The settings of a spec, each absent one at its default. */
    static IndRnnSettings of(CellSettings s) {
        double length = s.number("length", DEFAULT_LENGTH);
        return new IndRnnSettings(s.number("magnitude", DEFAULT_MAGNITUDE),
                SettingChecks.wholeNumber(KIND, "length", length, 1, MAX_LENGTH, DEFAULT_LENGTH));
    }

    /** γ^{1/T}: the bound on |u|. */
    double bound() {
        return Math.pow(magnitude, 1.0 / length);
    }

    /** γ^{−1/T}: the lower end of the initial draw of u. */
    double lowerInitial() {
        return Math.pow(magnitude, -1.0 / length);
    }
}
