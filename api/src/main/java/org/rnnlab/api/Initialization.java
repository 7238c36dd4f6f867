package org.rnnlab.api;

import java.util.OptionalDouble;

/**
 * How a cell's parameters are initialised. Immutable; validated on construction.
 *
 * @param inputWeights     scheme for {@code weight_ih} ([G·H, X]); {@link WeightInit#SCALED_IDENTITY} is not allowed
 *                         there (the matrix is not square in general)
 * @param recurrentWeights scheme for {@code weight_hh} ([G·H, H])
 * @param gain             scale for Xavier, orthogonal and identity schemes; must be finite and &gt; 0
 * @param biases           scheme for {@code bias_ih} and {@code bias_hh}
 * @param forgetGateBias   LSTM only: when present, the forget-gate slice (rows H..2H) of {@code bias_ih} is set to this
 *                         value and that of {@code bias_hh} to zero, so the forget gate starts near σ(value)
 *                         (Gers et al. 2000; Jozefowicz et al. 2015 recommend 1)
 */
public record Initialization(WeightInit inputWeights, WeightInit recurrentWeights, double gain, BiasInit biases,
                             OptionalDouble forgetGateBias) {

    /** Validates every field; messages name the bad value and what is allowed. */
    public Initialization {
        if (inputWeights == null || recurrentWeights == null || biases == null || forgetGateBias == null) {
            throw new IllegalArgumentException("initialization fields must not be null (use Initialization.pytorchDefault() "
                    + "and the with… methods)");
        }
        if (inputWeights == WeightInit.SCALED_IDENTITY) {
            throw new IllegalArgumentException("inputWeights=SCALED_IDENTITY is not allowed: weight_ih is not square; "
                    + "use PYTORCH_UNIFORM, XAVIER_UNIFORM or ORTHOGONAL");
        }
        if (!(gain > 0) || Double.isInfinite(gain)) {
            throw new IllegalArgumentException("initialization gain must be finite and > 0, got " + gain);
        }
        if (forgetGateBias.isPresent() && !Double.isFinite(forgetGateBias.getAsDouble())) {
            throw new IllegalArgumentException("forgetGateBias must be finite, got " + forgetGateBias.getAsDouble());
        }
    }

    /** PyTorch's defaults: every weight and bias U(−1/√H, 1/√H), gain 1, no forget-gate bias override. */
    public static Initialization pytorchDefault() {
        return new Initialization(WeightInit.PYTORCH_UNIFORM, WeightInit.PYTORCH_UNIFORM, 1.0,
                BiasInit.PYTORCH_UNIFORM, OptionalDouble.empty());
    }

    /** Returns a copy with another input-weight scheme. */
    public Initialization withInputWeights(WeightInit scheme) {
        return new Initialization(scheme, recurrentWeights, gain, biases, forgetGateBias);
    }

    /** Returns a copy with another recurrent-weight scheme. */
    public Initialization withRecurrentWeights(WeightInit scheme) {
        return new Initialization(inputWeights, scheme, gain, biases, forgetGateBias);
    }

    /** Returns a copy with another gain. */
    public Initialization withGain(double newGain) {
        return new Initialization(inputWeights, recurrentWeights, newGain, biases, forgetGateBias);
    }

    /** Returns a copy with another bias scheme. */
    public Initialization withBiases(BiasInit scheme) {
        return new Initialization(inputWeights, recurrentWeights, gain, scheme, forgetGateBias);
    }

    /** Returns a copy whose LSTM forget-gate bias starts at {@code value}. */
    public Initialization withForgetGateBias(double value) {
        return new Initialization(inputWeights, recurrentWeights, gain, biases, OptionalDouble.of(value));
    }
}
