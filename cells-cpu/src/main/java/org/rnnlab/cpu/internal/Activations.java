package org.rnnlab.cpu.internal;

/**
 * Scalar activations in both precisions, so the float32 kernels generated from the float64 sources resolve to
 * the float overloads. Float variants evaluate in double and round once.
 */
public final class Activations {
    private Activations() {
    }

    /** Logistic sigmoid 1/(1+e^−x). */
    public static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** Logistic sigmoid 1/(1+e^−x), rounded to float. */
    public static float sigmoid(float x) {
        return (float) (1 / (1 + Math.exp(-x)));
    }

    /** Hyperbolic tangent. */
    public static double tanh(double x) {
        return Math.tanh(x);
    }

    /** Hyperbolic tangent, rounded to float. */
    public static float tanh(float x) {
        return (float) Math.tanh(x);
    }
}
