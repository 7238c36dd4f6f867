package org.rnnlab.api;

/**
 * How a weight matrix is drawn. Each scheme is applied per gate block of H rows, so that every gate
 * gets the same treatment whatever the gate count.
 */
public enum WeightInit {
    /** PyTorch's default for recurrent layers: U(−1/√H, 1/√H). */
    PYTORCH_UNIFORM,
    /** Glorot and Bengio 2010: U(−a, a) with a = gain·√(6 / (fan_in + fan_out)), per gate block. */
    XAVIER_UNIFORM,
    /** Saxe et al. 2014: a (semi-)orthogonal matrix per gate block, times the gain. */
    ORTHOGONAL,
    /** Le et al. 2015 (IRNN): gain·I per gate block; recurrent matrices only (they are square). */
    SCALED_IDENTITY
}
