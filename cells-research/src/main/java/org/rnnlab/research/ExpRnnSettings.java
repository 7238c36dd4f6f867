package org.rnnlab.research;

import java.util.Set;
import java.util.SplittableRandom;
import org.rnnlab.api.CellSettings;

/**
 * expRNN's settings ({@link ExpRnnF64}); the defaults, in {@link #defaults()} only, are the paper's: modReLU and the
 * Henaff initialization (the default of the authors' copying-task script, lezcano/expRNN {@code 1_copying.py}).
 *
 * @param activation σ in h' = σ(W_ih·x + b + W·h)
 * @param init       how the generator A is drawn
 */
record ExpRnnSettings(Activation activation, Init init) {
    /** The kind's name. */
    static final String KIND = "exprnn";
    /** The settings' names. */
    static final Set<String> NAMES = Set.of("activation", "init");

    private static final Activation DEFAULT_ACTIVATION = Activation.MODRELU;
    private static final Init DEFAULT_INIT = Init.HENAFF;

    /** The activation. */
    enum Activation {
        /**
         * modReLU (Arjovsky, Shah and Bengio 2016), the paper's: σ(z) = sign(z)·max(|z| + b, 0) with a learnt threshold b
         * per unit ({@code modrelu_bias_l0}, drawn U(−0.01, 0.01) as in the authors' code).
         */
        MODRELU,
        /** tanh. */
        TANH,
        /** The identity: the state Jacobian is W itself, orthogonal, so ∂s_T/∂s_{T−k} = W^k has every singular value 1. */
        LINEAR
    }

    /** The draw of the generator A (the recurrent matrix is e^{A − Aᵀ}). */
    enum Init {
        /**
         * Henaff, Szlam and LeCun (2016): A − Aᵀ block diagonal with 2×2 blocks [[0, θ], [−θ, 0]], θ ~ U(−π, π), so e^{A − Aᵀ}
         * is a block-diagonal rotation by angles spread over the circle.
         */
        HENAFF {
            @Override
            double angle(SplittableRandom rnd) {
                return Math.PI * (2 * rnd.nextDouble() - 1);
            }
        },
        /** Helfrich, Willmott and Ye (2018): the same blocks with θ = −√((1 − cos s)/(1 + cos s)), s ~ U(0, π/2). */
        CAYLEY {
            @Override
            double angle(SplittableRandom rnd) {
                double s = Math.PI / 2 * rnd.nextDouble();
                return -Math.sqrt((1 - Math.cos(s)) / (1 + Math.cos(s)));
            }
        };

        /** One θ of a 2×2 block, drawn from {@code rnd}. */
        abstract double angle(SplittableRandom rnd);
    }

    /** Validates the fields. */
    ExpRnnSettings {
        if (activation == null || init == null) {
            throw new IllegalArgumentException("cell kind 'exprnn': activation and init must not be null");
        }
    }

    /** modReLU, Henaff. */
    static ExpRnnSettings defaults() {
        return new ExpRnnSettings(DEFAULT_ACTIVATION, DEFAULT_INIT);
    }

    /** The settings of a spec, each absent one at its default. */
    static ExpRnnSettings of(CellSettings s) {
        return new ExpRnnSettings(
                SettingChecks.choice(KIND, "activation", s.text("activation", SettingChecks.id(DEFAULT_ACTIVATION)), Activation.class,
                        DEFAULT_ACTIVATION),
                SettingChecks.choice(KIND, "init", s.text("init", SettingChecks.id(DEFAULT_INIT)), Init.class, DEFAULT_INIT));
    }
}
