package org.rnnlab.research;

import java.util.Set;
import org.rnnlab.api.CellSettings;

/**
 * coRNN's settings ({@link CoRnnF64}), validated; the defaults, in {@link #defaults()} only, are those of the authors'
 * permuted sequential MNIST run (tk-rusch/coRNN, {@code psMNIST/psMNIST_task.py}: Δt 0.076, γ 0.4, ε 8.0), a task of
 * 784 steps whose long lags are what the harness measures.
 *
 * @param dt      Δt, the time step of the discretised oscillator, in (0, 1] (the paper's bounds assume Δt &lt; 1)
 * @param gamma   γ ≥ 0, the spring constant pulling y back to 0
 * @param epsilon ε ≥ 0, the damping of y' = z
 * @param scheme  how the damping term is discretised
 */
record CoRnnSettings(double dt, double gamma, double epsilon, Scheme scheme) {
    /** The kind's name. */
    static final String KIND = "cornn";
    /** The settings' names. */
    static final Set<String> NAMES = Set.of("dt", "gamma", "epsilon", "scheme");

    /** The discretisation of the damping term −ε·z. */
    enum Scheme {
        /**
         * The paper's IMEX scheme (eq. 3 with n̄ = n): the damping is implicit, z_n = (z_{n−1} + Δt·(σ(·) − γ·y_{n−1})) /
         * (1 + Δt·ε), stable for every ε ≥ 0.
         */
        IMEX,
        /** The explicit scheme of the authors' code (n̄ = n − 1): z_n = z_{n−1} + Δt·(σ(·) − γ·y_{n−1} − ε·z_{n−1}). */
        EXPLICIT
    }

    private static final double DEFAULT_DT = 0.076;
    private static final double DEFAULT_GAMMA = 0.4;
    private static final double DEFAULT_EPSILON = 8.0;
    private static final Scheme DEFAULT_SCHEME = Scheme.IMEX;

    /** Validates the ranges; messages name the setting, the value and the default. */
    CoRnnSettings {
        SettingChecks.positiveAtMost(KIND, "dt", dt, 1, DEFAULT_DT);
        SettingChecks.atLeast(KIND, "gamma", gamma, 0, DEFAULT_GAMMA);
        SettingChecks.atLeast(KIND, "epsilon", epsilon, 0, DEFAULT_EPSILON);
        if (scheme == null) {
            throw new IllegalArgumentException("cell kind 'cornn': scheme must not be null; use imex or explicit");
        }
    }

    /** Δt 0.076, γ 0.4, ε 8.0, the IMEX scheme. */
    static CoRnnSettings defaults() {
        return new CoRnnSettings(DEFAULT_DT, DEFAULT_GAMMA, DEFAULT_EPSILON, DEFAULT_SCHEME);
    }

    /** The settings of a spec, each absent one at its default. */
    static CoRnnSettings of(CellSettings s) {
        CoRnnSettings d = defaults();
        return new CoRnnSettings(s.number("dt", d.dt), s.number("gamma", d.gamma), s.number("epsilon", d.epsilon),
                SettingChecks.choice(KIND, "scheme", s.text("scheme", SettingChecks.id(d.scheme)), Scheme.class, d.scheme));
    }

    /** c_z in z_n = c_z·z_{n−1} + c_σ·σ(·) − c_y·y_{n−1}. */
    double zFactor() {
        return scheme == Scheme.IMEX ? 1 / (1 + dt * epsilon) : 1 - dt * epsilon;
    }

    /** c_σ in z_n = c_z·z_{n−1} + c_σ·σ(·) − c_y·y_{n−1}. */
    double drive() {
        return scheme == Scheme.IMEX ? dt / (1 + dt * epsilon) : dt;
    }

    /** c_y in z_n = c_z·z_{n−1} + c_σ·σ(·) − c_y·y_{n−1}. */
    double spring() {
        return drive() * gamma;
    }
}
